/**
 * tfjs-core's type declarations as text, keyed by their path inside `dist/` (e.g. `ops/add.d.ts`).
 * The editor imports this module dynamically, so the declarations form a chunk of their own that is fetched
 * after the editor shows the code.
 *
 * Only the files reachable from `TFJS_CORE_ENTRIES` (tfjsTypes.ts) are listed: the glob takes everything and
 * then drops tests and what no import chain reaches (per-kernel gradients, converter-only and test-runner
 * helpers). tests/ui/editor checks this set against the program TypeScript builds from those entries, so it
 * cannot drift from tfjs-core silently.
 */
const files = import.meta.glob<string>(
  [
    './**/*.d.ts',
    '!./**/*_test.d.ts',
    '!./{gradients,scripts}/**',
    '!./ops/{image,linalg,losses,signal,string}/**',
    '!./{global_util,image_test_util,jasmine_util,profiler,register_all_gradients,tensor_format,tensor_util_env,test_async_backends,tests}.d.ts',
    '!./{backends/non_max_suppression_util,io/progress,optimizers/register_optimizers,platforms/is_typed_array_browser}.d.ts',
    '!./ops/{avg_pool_3d_grad,avg_pool_grad,max_pool_3d_grad,max_pool_grad,local_response_normalization_backprop}.d.ts',
    '!./ops/{conv2d_backprop_filter,conv2d_backprop_input,conv3d_backprop_filter,conv3d_backprop_input}.d.ts',
    '!./ops/{depthwise_conv2d_native_backprop_filter,depthwise_conv2d_native_backprop_input}.d.ts',
    '!./ops/{batchnorm_util,dropout_util,nonmax_util,rand_util,sparse_to_dense_util,tensor_ops_util,ops_for_converter}.d.ts',
    '!./ops/sparse/{sparse_fill_empty_rows,sparse_reshape,sparse_segment_mean,sparse_segment_sum}.d.ts',
  ],
  {
    base: '../../../node_modules/@tensorflow/tfjs-core/dist',
    query: '?raw',
    import: 'default',
    eager: true,
    // Without this, Vite's glob skips everything under node_modules.
    exhaustive: true,
  },
);

export const tfjsCoreDeclarations: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(files).map(([key, content]) => [key.replace(/^\.\//, ''), content]),
);
