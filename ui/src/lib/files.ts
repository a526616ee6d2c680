// Paths as people read them: the app shows a file's name, never the folders above it.

/** The last part of a path ("users.csv" of "/home/ann/Downloads/users.csv" or "C:\\x\\users.csv"). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
