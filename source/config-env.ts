/** `${NAME}` with a shell-style variable name; `$${` stands for a literal `${`. */
const REFERENCE = /\$(\$)?\{([A-Za-z_]\w*)\}/g;

/**
`data` with every `${NAME}` inside its strings replaced by the environment variable's
value, at any depth (object keys are left alone). `$${NAME}` is kept as the literal
`${NAME}`. A variable that is not set calls `missing(path, name)`, which throws; `path`
is the dotted field path inside `data` (e.g. `headers.X-Api-Key`).
*/
export function expandEnv(data: unknown, env: NodeJS.ProcessEnv, missing: (path: string, name: string) => never, path = ''): unknown {
	if (typeof data === 'string') {
		return data.replaceAll(REFERENCE, (_match, escaped: string | undefined, name: string) => {
			if (escaped !== undefined) {
				return `\${${name}}`;
			}

			const value = env[name];
			return value ?? missing(path, name);
		});
	}

	if (Array.isArray(data)) {
		return data.map((item, index) => expandEnv(item, env, missing, `${path}[${index}]`));
	}

	if (typeof data === 'object' && data !== null) {
		return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, expandEnv(value, env, missing, path === '' ? key : `${path}.${key}`)]));
	}

	return data;
}
