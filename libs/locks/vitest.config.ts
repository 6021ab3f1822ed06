import { filesAtATimeTestConfig } from '../../vitest.shared.ts';

export default filesAtATimeTestConfig(4);
