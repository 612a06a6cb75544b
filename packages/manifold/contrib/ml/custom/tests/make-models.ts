// The tests' real tfjs models live in ../testing/make-models.ts (published, so e2e specs and the bench reach them as
// manifold/ml/custom/test-models); the unit tests beside this file import them from here.
export * from '../testing/make-models';
