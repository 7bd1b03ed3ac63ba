import { OPERATOR_OF_TOKEN } from '../audit/operator';

/** An operator's name: 1-64 letters, digits, `.`, `_` or `-`. */
export const OPERATOR_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Why `name` cannot be a new operator's name, or undefined when it can (`token` is the shared ADMIN_TOKEN's). */
export function operatorNameProblem(name: string): string | undefined {
  if (!OPERATOR_NAME.test(name)) return 'an operator name is 1-64 letters, digits, ".", "_" or "-"';
  if (name === OPERATOR_OF_TOKEN) return `"${OPERATOR_OF_TOKEN}" is reserved: it names the shared ADMIN_TOKEN in the audit trail`;
  return undefined;
}
