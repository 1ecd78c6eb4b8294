/**
 * Ambient types for the parts of `@babylonjs/shared-ui-components` the editor uses.
 *
 * `@babylonjs/inspector` 9.28's `.d.ts` files import that package, which is not published
 * (BABYLON-NOTES.md §1, "Typing gotcha"): without these declarations `ServiceDefinition` is
 * missing and `IShellService` is `any`. The shapes follow the inspector bundle
 * (`lib/index-*.js`: `addSidePane`, `sidePanes[].select()`, `MakeModularTool` options); only what
 * this package calls is declared.
 */
declare module '@babylonjs/shared-ui-components/modularTool/modularity/serviceDefinition.js' {
  /** Something that can be released. */
  export interface IDisposable {
    dispose(): void;
  }
  /** A service produced under a symbol identity. */
  export interface IService<T extends symbol> {
    /** @internal Brand only (never present at run time). */
    readonly __serviceIdentity?: T;
  }
  type Identity<S> = S extends IService<infer T> ? T : never;
  type Identities<L extends readonly unknown[]> = { [K in keyof L]: Identity<L[K]> };
  /** A service: what it consumes (identities) and a factory that receives the consumed services. */
  export interface ServiceDefinition<Produces extends readonly IService<symbol>[], Consumes extends readonly IService<symbol>[]> {
    friendlyName: string;
    consumes?: Identities<Consumes>;
    produces?: Identities<Produces>;
    factory: (...services: Consumes) => (Produces extends [] ? IDisposable | void : Partial<IDisposable> & Produces[number]) | Promise<unknown>;
  }
}

declare module '@babylonjs/shared-ui-components/modularTool/services/shellService.js' {
  import type { ComponentType } from 'react';
  import type { IDisposable, IService } from '@babylonjs/shared-ui-components/modularTool/modularity/serviceDefinition.js';
  /** Left or right side of the shell. */
  export type HorizontalLocation = 'left' | 'right';
  /** Top or bottom half of a side. */
  export type VerticalLocation = 'top' | 'bottom';
  /** A side pane registration. */
  export interface SidePaneDefinition {
    key: string;
    title: string;
    icon: ComponentType;
    horizontalLocation: HorizontalLocation;
    verticalLocation: VerticalLocation;
    order?: number;
    teachingMoment?: boolean;
    keepMounted?: boolean;
    content: ComponentType;
  }
  /** The shell identity. */
  export const ShellServiceIdentity: unique symbol;
  /** The Inspector's shell: side panes, toolbar items, central content. */
  export interface IShellService extends IService<typeof ShellServiceIdentity> {
    addSidePane(entry: SidePaneDefinition): IDisposable;
    readonly sidePanes: readonly { key: string; select(): void }[];
  }
  export type ToolbarItemDefinition = unknown;
  export type CentralContentDefinition = unknown;
  export type ShellServiceOptions = unknown;
}

declare module '@babylonjs/shared-ui-components/modularTool/modularTool.js' {
  /** The options of a modular tool (the Inspector's `ShowInspector` takes them). */
  export interface ModularToolOptions {
    namespace: string;
    toolbarMode: 'full' | 'compact';
    containerElement?: HTMLElement;
    /** Static extensions (typed loosely here; each is a `ServiceDefinition`). */
    serviceDefinitions?: readonly object[];
    themeMode?: 'light' | 'dark' | 'system';
    showThemeSelector?: boolean;
    disableTeachingMoments?: boolean;
    rightPaneDefaultWidth?: number;
    leftPaneDefaultCollapsed?: boolean;
    rightPaneDefaultCollapsed?: boolean;
  }
  export function MakeModularTool(options: ModularToolOptions): unknown;
}
