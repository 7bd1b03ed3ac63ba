/** Injection token for the `SandboxConfig` the app was started with. */
export const SANDBOX_CONFIG = Symbol('SANDBOX_CONFIG');
