/** mod/lib/survivor.js, loaded from the checkout (the tests run from .build/ or dist/, the library stays in mod/). */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../helpers/project.js';
import type * as Survivor from '../../mod/lib/survivor.js';

export const libraryUrl = pathToFileURL(join(projectRoot, 'mod', 'lib', 'survivor.js')).href;

export const lib = (await import(libraryUrl)) as typeof Survivor;
