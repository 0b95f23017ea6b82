export declare const API_TYPES_FILE: string;
export declare function renderApiTypes(document: unknown): Promise<string>;
