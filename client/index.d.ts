// Types of Minimact's browser client (index.js). README.md says what each does.

/** A prop value as it arrives in JSON. Strings are attribute values; the rest is mapped (README.md). */
export type PropValue = string | number | boolean | null | PropValue[] | { [key: string]: PropValue }
export type Props = { [name: string]: PropValue }

export interface ElementVNode {
  type: 'Element'
  tag: string
  props?: Props | null
  children?: Array<VNode | null> | null
  /** absent and null are the same: unkeyed. Written as the data-key attribute. */
  key?: string | null
}
export interface TextVNode { type: 'Text'; content: string }
/** Its children stand in its place; a Fragment can be the root of a tree. */
export interface FragmentVNode { type: 'Fragment'; children?: Array<VNode | null> | null }
/** One `div` whose innerHTML is `html`. */
export interface RawHtmlVNode { type: 'RawHtml'; html: string }
export type VNode = ElementVNode | TextVNode | FragmentVNode | RawHtmlVNode

/** A list of DOM child indices from the root; [] is the root. */
export type Path = number[]

export type Patch =
  | { type: 'Create'; path: Path; node: VNode }
  | { type: 'Remove'; path: Path }
  | { type: 'Replace'; path: Path; node: VNode }
  | { type: 'UpdateText'; path: Path; content: string }
  | { type: 'UpdateProps'; path: Path; props: Props | null }
  | { type: 'ReorderChildren'; path: Path; order: string[] }

/**
 * "html" (default): adjacent Text siblings (after Fragments are flattened and
 * nulls dropped) are one DOM text node and an empty Text is none — the DOM an
 * HTML parser builds from the server's HTML. "nodes": one DOM text node per
 * Text VNode.
 */
export type View = 'html' | 'nodes'

/** The root of a tree whose root VNode is a Fragment: its children are all of container's child nodes. */
export interface FragmentRoot { readonly container: Element | DocumentFragment }

/**
 * The DOM of a tree's root: the node of an Element, Text or RawHtml root, a
 * FragmentRoot for a Fragment root, null for an empty tree.
 */
export type Root = Node | FragmentRoot | null

export type PatchErrorReason =
  /** a malformed patch or VNode (not an object, unknown type, bad path, missing or mistyped member) */
  | 'InvalidVNode'
  /** the path names no node (an index out of range, the tree is empty, Remove of the root) */
  | 'InvalidPath'
  /** the node at the path is of the wrong kind for the patch (UpdateProps on text, Create under text, a Fragment below the root) */
  | 'PatchTypeMismatch'
  /** a key of ReorderChildren names no child element, or more than one */
  | 'KeyNotFound'
  /** the DOM refused (an invalid tag or attribute name); `cause` is its exception */
  | 'DomError'

export class PatchError extends Error {
  readonly name: 'PatchError'
  readonly reason: PatchErrorReason
  /** the index of the patch in the list; -1 when the list itself is not an array */
  index: number
  /** the patch that could not be applied */
  patch: unknown
  /** the tree's root as it stands: every patch before `index` is applied */
  root: Root
  cause?: unknown
}

export interface ApplyOptions {
  /** how Create and Replace render their nodes; default "html" */
  view?: View
  /**
   * Called with the first patch that cannot be applied; applying stops there
   * (ask the server for a full render). Without it, applyPatches throws.
   */
  onError?: (error: PatchError) => void
  /** where a new root goes when the tree is empty (root null) */
  container?: Element | DocumentFragment
  /** the document to create nodes in; default: the root's */
  document?: Document
}

/**
 * Applies patches in order, each path resolved against the tree as it stands
 * after the earlier ones (shared/PATCHES.md), and returns the root afterwards
 * (a new one after Replace [] or Create []).
 */
export function applyPatches(root: Root, patches: Patch[], options?: ApplyOptions): Root

export interface RenderOptions {
  view?: View
  /** default: globalThis.document */
  document?: Document
  /** the namespace of the parent the result goes into (SVG, MathML); default HTML */
  namespace?: string
}

/**
 * The DOM of a VNode: the node of an Element, Text or RawHtml; a
 * DocumentFragment for a Fragment, for null, and for an empty Text in the
 * "html" view. Throws a PatchError (InvalidVNode) for a malformed VNode; the
 * DOM's own exceptions (an invalid tag or attribute name) pass through.
 */
export function render(vnode: VNode | null, options?: RenderOptions): Node

/** Renders vnode as the whole content of container; returns the root for applyPatches. */
export function mount(container: Element | DocumentFragment, vnode: VNode | null, options?: Omit<RenderOptions, 'document' | 'namespace'>): Root

/** The root of a Fragment-rooted tree whose DOM is all of container's children (e.g. after server HTML). */
export function fragmentRoot(container: Element | DocumentFragment): FragmentRoot

/**
 * The attributes props give an element (README.md, "Props and attributes"):
 * name → value. `html`: the element is in the HTML namespace (names are
 * ASCII-lowercased); default true.
 */
export function attributes(props: Props | null | undefined, html?: boolean): Map<string, string>
