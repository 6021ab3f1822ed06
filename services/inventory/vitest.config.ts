import { moduleSharingTestConfig } from '../../vitest.shared.ts';

export default moduleSharingTestConfig;
