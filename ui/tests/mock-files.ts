// The fake system dialogs of the UI tests. A test sets what the person picks next
// (`window.dialogs.nextFile("/home/demo/users.txt")`, null to close the dialog), and the
// commands that read or write get back, as in the app, only the ids given out here.
import { refusal } from "../src/lib/forms.svelte";
import type { ChosenPath, FilePurpose } from "../src/lib/api";

export function createFilesMock() {
  const chosen = new Map<string, string>();
  const asked: string[] = [];
  let file: string | null = "/home/demo/users.csv";
  let folder: string | null = "/home/demo/notices";
  let closing = false;

  function remember(path: string): ChosenPath {
    const id = `chosen-${chosen.size + 1}`;
    chosen.set(id, path);
    return { id, name: path.split(/[\\/]/).pop() ?? path };
  }

  /** The path behind an id given out here; any other id is refused, as the app does. */
  function path(id: string): string {
    const found = chosen.get(id);
    if (found === undefined) {
      throw refusal(
        "file_not_chosen",
        "This app does not know that file. Files are read only after you choose them.",
        'Choose the file again with "Choose file".',
      );
    }
    return found;
  }

  function answer(purpose: string, path: string | null): ChosenPath | null {
    asked.push(purpose);
    const closed = closing || path === null;
    closing = false;
    return closed ? null : remember(path);
  }

  const backend = {
    chooseFile: async (purpose: FilePurpose) => answer(purpose, file),
    chooseFolder: async () => answer("folder", folder),
  };
  /** What the next dialogs answer (null: closed), that the next one is closed, what
   * they were opened for, and a restart's loss of every id given out. */
  const dialogs = {
    asked,
    nextFile: (next: string | null) => (file = next),
    nextFolder: (next: string | null) => (folder = next),
    closeNext: () => (closing = true),
    forget: () => chosen.clear(),
  };
  return { backend, path, dialogs };
}
