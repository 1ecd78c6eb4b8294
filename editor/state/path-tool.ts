/**
 * Root path drawing: while active, a click (tap) on the ground adds a waypoint; waypoints are
 * shown as small spheres joined by a line. Picks the ground mesh (given, or the first mesh whose
 * name contains "ground"), else intersects the pick ray with the plane y = 0.
 * @packageDocumentation
 */
import { PointerEventTypes, type PointerInfo } from '@babylonjs/core/Events/pointerEvents.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder.js';
import { CreateLines } from '@babylonjs/core/Meshes/Builders/linesBuilder.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { LinesMesh } from '@babylonjs/core/Meshes/linesMesh.js';
import type { Observer } from '@babylonjs/core/Misc/observable.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { ScenePoint } from '../../src/babylon/facade/world-space.js';

/** Marks the helper meshes (never exported, never picked). */
export const EDITOR_HELPER = 'mmcpEditorHelper';

/** The ground mesh used for picking: the given one, else the first mesh named like "ground". */
export function findGround(scene: Scene, ground?: AbstractMesh | null): AbstractMesh | null {
  if (ground) return ground;
  return scene.meshes.find((m) => /ground|floor/i.test(m.name) && !m.metadata?.[EDITOR_HELPER]) ?? null;
}

/** The ground point under canvas coordinates `(x, y)`, or null. */
export function groundPointAt(scene: Scene, x: number, y: number, ground: AbstractMesh | null): ScenePoint | null {
  if (ground) {
    const hit = scene.pick(x, y, (m) => m === ground);
    if (hit?.hit && hit.pickedPoint) return { x: hit.pickedPoint.x, y: hit.pickedPoint.y, z: hit.pickedPoint.z };
  }
  const ray = scene.createPickingRay(x, y, null, scene.activeCamera);
  if (Math.abs(ray.direction.y) < 1e-6) return null;
  const t = -ray.origin.y / ray.direction.y;
  if (t <= 0) return null;
  const p = ray.origin.add(ray.direction.scale(t));
  return { x: p.x, y: 0, z: p.z };
}

/** Draws the waypoints and listens for ground clicks while {@link active}. */
export class PathTool {
  private observer: Observer<PointerInfo> | null = null;
  private spheres: Mesh[] = [];
  private line: LinesMesh | null = null;
  private material: StandardMaterial | null = null;

  constructor(
    private readonly scene: Scene,
    private readonly ground: AbstractMesh | null,
    private readonly onPoint: (p: ScenePoint) => void,
  ) {}

  /** Whether clicks add waypoints. */
  get active(): boolean {
    return this.observer !== null;
  }

  /** Starts or stops listening for clicks on the ground. */
  setActive(on: boolean): void {
    if (on === this.active) return;
    if (on) {
      this.observer = this.scene.onPointerObservable.add((info) => {
        if (info.type !== PointerEventTypes.POINTERTAP) return;
        const p = groundPointAt(this.scene, this.scene.pointerX, this.scene.pointerY, this.ground);
        if (p) this.onPoint(p);
      });
    } else {
      this.scene.onPointerObservable.remove(this.observer);
      this.observer = null;
    }
  }

  /** Redraws the markers for `points` (scene coordinates). */
  draw(points: readonly ScenePoint[]): void {
    this.clearMeshes();
    if (!points.length) return;
    if (!this.material) {
      this.material = new StandardMaterial('mmcp-path-material', this.scene);
      this.material.emissiveColor = new Color3(1, 0.55, 0.1);
      this.material.disableLighting = true;
      this.material.doNotSerialize = true;
    }
    const lift = 0.02;
    points.forEach((p, i) => {
      const s = CreateSphere(`mmcp-path-point-${i}`, { diameter: 0.12, segments: 8 }, this.scene);
      s.position.set(p.x, p.y + lift, p.z);
      s.material = this.material;
      this.mark(s);
      this.spheres.push(s);
    });
    if (points.length > 1) {
      this.line = CreateLines('mmcp-path-line', { points: points.map((p) => new Vector3(p.x, p.y + lift, p.z)) }, this.scene);
      this.line.color = new Color3(1, 0.55, 0.1);
      this.mark(this.line);
    }
  }

  /** Stops listening and removes the markers. */
  dispose(): void {
    this.setActive(false);
    this.clearMeshes();
    this.material?.dispose();
    this.material = null;
  }

  private mark(m: AbstractMesh): void {
    m.isPickable = false;
    m.doNotSerialize = true;
    m.metadata = { [EDITOR_HELPER]: true };
  }

  private clearMeshes(): void {
    for (const s of this.spheres) s.dispose();
    this.spheres = [];
    this.line?.dispose();
    this.line = null;
  }
}
