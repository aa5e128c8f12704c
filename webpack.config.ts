// Extends the scaffold's webpack config (.config/ is never edited): copies the nested datasource's assets and keeps
// the separately built backend (dist/backend, scripts/build-backend.mjs) when webpack cleans dist/.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  const clean = baseConfig.output?.clean;
  const keepScaffold = typeof clean === 'object' && clean.keep instanceof RegExp ? clean.keep : undefined;
  return {
    ...baseConfig,
    output: {
      ...baseConfig.output,
      clean: { keep: (asset: string) => asset.startsWith('backend/') || Boolean(keepScaffold?.test(asset)) },
    },
    plugins: [
      ...(baseConfig.plugins ?? []),
      new CopyWebpackPlugin({ patterns: [{ from: 'datasource/img', to: 'datasource/img' }] }),
    ],
  };
};

export default config;
