/**
 * What the server needs of the language core and the workspace index, in one module that
 * server.ts loads on first use rather than at start: the core (the YAML parser, the field data,
 * the rules) is most of the bundle, and none of it is needed to answer `initialize`. The server
 * then answers within about 10 ms of Node having started, and loads this while the editor sends
 * its first document.
 */
import { WorkspaceIndex } from './core/workspace/index';

export { createLanguageCore, message, releaseSyntaxTrees } from './core/index';
export {
  extractDocument,
  workspaceCodeLenses,
  workspaceCompletions,
  workspaceDefinition,
  workspaceHover,
  workspaceProblems,
  workspaceQuickFixes,
  workspaceReferences,
} from './core/workspace/index';
export { excludePatterns, indexFiles, isWorkspaceYaml, reindexFromDisk, yamlFiles } from './workspace-files';

/** Every Kubernetes manifest of the workspace: workloads and Services, for cross-file features. */
export const workspace = new WorkspaceIndex();
