import type { ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

// $name, ${name}, ${name:format}, [[name]] — the variable syntaxes Grafana's TemplateSrv recognises.
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/**
 * The host has no dashboards, hence no dashboard variables: only scopedVars (what a panel or a repeated row passes)
 * and the built-in time range are interpolated. Unknown variables are left as written, as Grafana does.
 */
export class HostTemplateSrv implements TemplateSrv {
  private timeRange?: TimeRange;

  getVariables(): TypedVariableModel[] {
    return [];
  }

  containsTemplate(target?: string): boolean {
    if (!target) {
      return false;
    }
    VARIABLE.lastIndex = 0;
    return VARIABLE.test(target);
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.timeRange = timeRange;
  }

  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(VARIABLE, (match, dollar, bracket, bracketFormat, braced, fieldPath, bracedFormat) => {
      const name: string = dollar ?? bracket ?? braced;
      const value = this.lookup(name, scopedVars, fieldPath);
      if (value === undefined) {
        return match;
      }
      const chosenFormat = bracedFormat ?? bracketFormat ?? format;
      if (typeof chosenFormat === 'function') {
        return String(chosenFormat(value));
      }
      return formatValue(value, chosenFormat);
    });
  }

  private lookup(name: string, scopedVars: ScopedVars | undefined, fieldPath?: string): unknown {
    const scoped = scopedVars?.[name];
    if (scoped) {
      let value: unknown = scoped.value;
      for (const key of fieldPath ? fieldPath.split('.') : []) {
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      }
      return value;
    }
    if (this.timeRange && (name === '__from' || name === '__to')) {
      return (name === '__from' ? this.timeRange.from : this.timeRange.to).valueOf();
    }
    return undefined;
  }
}

function formatValue(value: unknown, format?: string): string {
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  switch (format) {
    case 'csv':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'json':
      return JSON.stringify(Array.isArray(value) ? value : value);
    case 'percentencode':
      return encodeURIComponent(values.join(','));
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'regex':
      return values.length === 1 ? escapeRegex(values[0]) : `(${values.map(escapeRegex).join('|')})`;
    default:
      return values.length === 1 ? values[0] : `{${values.join(',')}}`;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$*+?.()|[\]{}\/]/g, '\\$&');
}
