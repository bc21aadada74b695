export * from './paths';
export * from './files';
export * from './tables';
