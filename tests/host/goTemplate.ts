/**
 * The subset of Go's text/template that plugin.json `routes` use, evaluated like Grafana's interpolateString
 * (pkg/api/pluginproxy/utils.go) over templateData{URL, JsonData, SecureJsonData}.
 *
 * Supported actions: `{{ .JsonData.name }}`, `{{ .SecureJsonData.name }}`, `{{ .URL }}`, with `{{-`/`-}}` trim markers.
 * A missing map key prints `<no value>`, as text/template does. Any other action (if/else, pipelines, functions)
 * throws, so a route the host cannot evaluate fails loudly (Grafana answers 500 in that case too, for bad templates).
 */

export interface RouteTemplateData {
  URL: string;
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

const ACTION = /\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}/g;

function printGoValue(value: unknown): string {
  if (value === undefined) {
    return '<no value>';
  }
  if (value === null) {
    return '<nil>';
  }
  if (typeof value === 'object') {
    // Go prints maps as map[k:v]; no route of ours renders an object, so say clearly what happened.
    throw new Error('route template renders an object value; only scalars are supported by the host');
  }
  return String(value);
}

function evaluate(expression: string, data: RouteTemplateData, text: string): string {
  if (expression === '.URL') {
    return data.URL;
  }
  const field = /^\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
  if (!field) {
    throw new Error(`failed to execute template ${text}: unsupported action {{ ${expression} }}`);
  }
  const map: Record<string, unknown> = field[1] === 'JsonData' ? data.JsonData : data.SecureJsonData;
  return printGoValue(Object.prototype.hasOwnProperty.call(map, field[2]) ? map[field[2]] : undefined);
}

export function interpolateRouteTemplate(text: string, data: RouteTemplateData): string {
  let output = '';
  let last = 0;
  for (const match of text.matchAll(ACTION)) {
    let before = text.slice(last, match.index);
    if (match[1]) {
      before = before.replace(/\s+$/, '');
    }
    output += before + evaluate(match[2], data, text);
    last = match.index! + match[0].length;
    if (match[3]) {
      const trailing = /^\s*/.exec(text.slice(last))![0];
      last += trailing.length;
    }
  }
  const rest = text.slice(last);
  if (rest.includes('{{')) {
    throw new Error(`could not parse template ${text}`);
  }
  return output + rest;
}
