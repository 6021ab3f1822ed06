import { twoFilesAtATimeTestConfig } from '../../vitest.shared.ts';

export default twoFilesAtATimeTestConfig;
