import { ElMessage } from 'element-plus';

/** Element's messages with the insight screens' darker colours (theme.css): they are drawn outside the screen. */
const show = (type: 'success' | 'warning' | 'error') => (message: string) => ElMessage({ type, message, customClass: 'insight-screen' });

export const notify = { success: show('success'), warning: show('warning'), error: show('error') };
