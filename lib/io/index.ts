export * from './paths';
export * from './files';
