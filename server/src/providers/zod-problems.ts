import type { z } from 'zod';

/** `key.path: message` lines of a failed parse, for configuration errors. */
export function zodProblems(result: z.SafeParseReturnType<unknown, unknown>): string[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    return issue.code === 'unrecognized_keys' ? `${key}: unknown key(s) ${issue.keys.join(', ')}` : `${key}: ${issue.message}`;
  });
}
