/**
 * The facade game developers use: `MotionGenerator` (one per scene and backend) binds characters
 * into `MotionActor`s that generate AnimationGroups from words and play them with cross-fades and
 * root motion; world-space helpers convert scene waypoints into MMCP `root_path` constraints.
 * @packageDocumentation
 */
export { MotionGenerator, type BindActorOptions } from './generator.js';
export { MotionActor } from './actor.js';
export type {
  MotionGeneratorOptions, GenerateMotionOptions, GeneratedMotion, PlayOptions, SegmentInput, Waypoint,
  GenerateStartedEvent, GenerateProgressEvent, GeneratedEvent, GenerateErrorEvent,
} from './types.js';
export { buildGenerateRequest, pathConstraint, DEFAULT_SECONDS, type RequestPlan, type BuildRequestInput } from './request.js';
export {
  characterFrame, characterToWorldMatrix, sceneToRequest, requestToScene, sceneHeading, requestMetresPerSceneUnit,
  type CharacterFrame, type ScenePoint,
} from './world-space.js';
export { clipTravel, travelAt, travelMatrix, RootMotionDriver, type ClipTravel } from './root-motion.js';
export { estimateScale, clipStartPivot, shiftClipStart } from './support.js';
export { retargetInSlices, sliceClip, type SliceOptions } from './slices.js';
export { FrameBudget, nextAnimationFrame, type SliceBudget } from './frame-budget.js';
