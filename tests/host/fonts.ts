import { existsSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * @grafana/ui's GlobalStyles load Inter and Roboto Mono from public/fonts/, which Grafana ships but npm does not.
 * The host answers those URLs with local font files (Chromium sniffs the real format, OTF/TTF are fine):
 * Debian's fonts-inter when installed (`apt-get install fonts-inter`, same typeface as Grafana), else DejaVu,
 * which Debian's chromium pulls in. Undefined when neither exists (the request then 404s).
 */
export function localFontFor(requestPath: string): string | undefined {
  const name = basename(requestPath).replace(/\.woff2?$/, '');
  const candidates: string[] = [];
  if (requestPath.startsWith('inter/')) {
    candidates.push(`/usr/share/fonts/opentype/inter/${name}.otf`);
    candidates.push(
      name.includes('Italic')
        ? '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf'
        : '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
    );
  } else {
    candidates.push('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf');
  }
  return candidates.find((file) => existsSync(file));
}
