// gpu:check's reference figures, built and run by targets.ts only where a libcublas is found
// (the toolkit's, pip's nvidia-cublas, or $KIT_CUBLAS_DIR): cuBLAS SGEMM in GFLOP/s at each n given (plain FP32, no tensor cores: pedantic math
// mode), and a device-to-device cudaMemcpy in GB/s (bytes read and written) over 2^26 floats.
// Prints one JSON object. The handful of cuBLAS entry points are declared here, so this file
// compiles without cuBLAS's headers (pip's wheels ship none); it links against the libcublas found.
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

extern "C" {
typedef struct cublasContext* cublasHandle_t;
int cublasCreate_v2(cublasHandle_t* handle);
int cublasDestroy_v2(cublasHandle_t handle);
int cublasSetMathMode(cublasHandle_t handle, int mode);
int cublasSgemm_v2(cublasHandle_t handle, int transa, int transb, int m, int n, int k, const float* alpha,
                   const float* a, int lda, const float* b, int ldb, const float* beta, float* c, int ldc);
}

constexpr int kPedanticMath = 2;  // CUBLAS_PEDANTIC_MATH
constexpr int kNoTranspose = 0;   // CUBLAS_OP_N

static void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) {
    std::printf("{\"error\": \"%s: %s\"}\n", what, cudaGetErrorString(err));
    std::exit(1);
  }
}

// The median of `runs` timings of `f`, in ms, after one warm-up call.
template <class F>
static float medianMs(int runs, F f) {
  cudaEvent_t start, stop;
  check(cudaEventCreate(&start), "cudaEventCreate");
  check(cudaEventCreate(&stop), "cudaEventCreate");
  f();
  std::vector<float> ms(runs);
  for (int i = 0; i < runs; ++i) {
    cudaEventRecord(start);
    f();
    cudaEventRecord(stop);
    check(cudaEventSynchronize(stop), "the timed work");
    cudaEventElapsedTime(&ms[i], start, stop);
  }
  for (int i = 0; i < runs; ++i)
    for (int j = i + 1; j < runs; ++j)
      if (ms[j] < ms[i]) std::swap(ms[i], ms[j]);
  return ms[runs / 2];
}

int main(int argc, char** argv) {
  cublasHandle_t handle;
  if (cublasCreate_v2(&handle) != 0 || cublasSetMathMode(handle, kPedanticMath) != 0) {
    std::printf("{\"error\": \"cublasCreate or cublasSetMathMode failed\"}\n");
    return 1;
  }
  std::printf("{\"sgemm\": {");
  for (int i = 1; i < argc; ++i) {
    const int n = std::atoi(argv[i]);
    float *a, *b, *c;
    const size_t bytes = sizeof(float) * n * n;
    check(cudaMalloc(&a, bytes), "cudaMalloc");
    check(cudaMalloc(&b, bytes), "cudaMalloc");
    check(cudaMalloc(&c, bytes), "cudaMalloc");
    cudaMemset(a, 0, bytes);
    cudaMemset(b, 0, bytes);
    const float one = 1, zero = 0;
    const float ms = medianMs(5, [&] { cublasSgemm_v2(handle, kNoTranspose, kNoTranspose, n, n, n, &one, a, n, b, n, &zero, c, n); });
    std::printf("%s\"%d\": %.1f", i > 1 ? ", " : "", n, 2.0 * n * n * n / (ms * 1e6));
    cudaFree(a);
    cudaFree(b);
    cudaFree(c);
  }
  const size_t elements = size_t{1} << 26, bytes = elements * sizeof(float);
  float *x, *y;
  check(cudaMalloc(&x, bytes), "cudaMalloc");
  check(cudaMalloc(&y, bytes), "cudaMalloc");
  const float ms = medianMs(9, [&] { cudaMemcpy(y, x, bytes, cudaMemcpyDeviceToDevice); });
  std::printf("}, \"copyGBps\": %.1f}\n", 2.0 * bytes / (ms * 1e6));
  cublasDestroy_v2(handle);
  return 0;
}
