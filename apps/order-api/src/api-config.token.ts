/** The validated ApiConfig of this process. */
export const API_CONFIG = Symbol('API_CONFIG');
