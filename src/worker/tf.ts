/**
 * The TensorFlow.js the learner's `import ... from '@tensorflow/tfjs'` receives: the core ops with their
 * gradients on the cpu backend. That is all of tfjs a custom-gradient kata uses, at a fraction of the
 * full bundle (no layers, converter, data or webgl), and the cpu backend is deterministic and starts
 * fastest at these sizes.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers neither gradients nor the chained methods (x.add(y)); @tensorflow/tfjs
// imports these same two files for them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export type Tf = typeof tf;

export async function readyTf(): Promise<Tf> {
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}
