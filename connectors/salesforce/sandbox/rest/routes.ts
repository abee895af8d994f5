import { registerCollectionRoutes } from './collections.js';
import { registerCompositeRoutes } from './composite.js';
import { registerQueryRoutes } from './query.js';
import { registerResourceRoutes } from './resources.js';
import { RestRouter } from './router.js';
import { registerSObjectRoutes } from './sobjects.js';
import { registerUserRoutes } from './users.js';

/** Every REST resource below `/services/data/vNN.N`. */
export function createRestRouter(): RestRouter {
  const router = new RestRouter();
  registerResourceRoutes(router);
  registerSObjectRoutes(router);
  registerQueryRoutes(router);
  registerUserRoutes(router);
  // composite resources run their subrequests through the same router
  registerCompositeRoutes(router);
  registerCollectionRoutes(router);
  return router;
}
