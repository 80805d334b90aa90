/** The book and the reactor log through @cometts/switch's small Logger interface. */
export { noopLogger, type LogFields, type Logger } from '@cometts/switch';
