import { uniqueName } from '@lockstep/testkit';

/**
 * A lock resource no other test run uses, shaped as real resources are: `<class>:<id>`. The
 * class is what lock metrics are labelled by (see resourceClass), so a resource needs this
 * shape, not testkit's plain uniqueName, whose uniqueness it borrows for the id.
 */
export function uniqueResource(resourceClass = 'test'): string {
  return `${resourceClass}:${uniqueName('id')}`;
}
