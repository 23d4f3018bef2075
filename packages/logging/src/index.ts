export { createLogger, lineLogger, routeConsole } from './logger.js';
