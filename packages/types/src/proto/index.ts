export * as f from './field.js';
export type { FieldSpec, NestedType } from './field.js';
export { message, oneof, type MessageType, type Infer, type InferShape, type InferOneof, type Rule } from './message.js';
export { ProtoReader } from './reader.js';
export { ProtoWriter, varintSize } from './writer.js';
