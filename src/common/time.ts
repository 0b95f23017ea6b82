/** The contract's default zone, also used to show instants that belong to no zone. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
