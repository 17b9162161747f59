import { patient } from './processes';

// a test without a timeout of its own gets the default one, with the suite's patience (TEST_PATIENCE)
jest.setTimeout(patient(30_000));
