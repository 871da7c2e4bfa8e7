import { scopeOf } from '../state/storage.ts';

export function courseIdOfThisBuild(): string {
  return scopeOf(undefined).courseId;
}
