// Buffers: allocate (through the caching allocator), copy host ↔ device (staged through
// pinned memory), free, fill; plus the device probe and CUDA's error names for the glue's messages.
#include <cstring>

#include "allocator.h"
#include "common.cuh"

using kit::Thread;

// out[i] = v for every i < n.
template <class T>
__host__ __device__ void FillBody(const Thread& t, T* out, T v, int64_t n) {
  const int64_t i = t.globalX();
  if (i < n) out[i] = v;
}
template <class T>
__global__ void FillKernel(T* out, T v, int64_t n) { FillBody(KIT_THREAD, out, v, n); }

extern "C" {

cudaError_t KitProbe(KitDeviceInfo* info) {
  std::memset(info, 0, sizeof(*info));
#ifdef KIT_EMULATE
  info->emulated = 1;
#endif
  cudaDriverGetVersion(&info->driverVersion);
  cudaRuntimeGetVersion(&info->runtimeVersion);
  cudaError_t err = cudaGetDeviceCount(&info->count);
  if (err != cudaSuccess || info->count == 0) return err;
  cudaDeviceProp prop;
  err = cudaGetDeviceProperties(&prop, 0);
  if (err != cudaSuccess) return err;
  std::strncpy(info->name, prop.name, sizeof(info->name) - 1);
  info->major = prop.major;
  info->minor = prop.minor;
  info->totalMemory = prop.totalGlobalMem;
  return cudaSuccess;
}

const char* KitErrorName(cudaError_t error) { return cudaGetErrorName(error); }
const char* KitErrorString(cudaError_t error) { return cudaGetErrorString(error); }

size_t KitTakeErrorDetail(char* out, size_t capacity) {
#ifdef KIT_EMULATE
  return emu::takeFailure(out, capacity);
#else
  if (capacity > 0) out[0] = '\0';
  return 0;
#endif
}

cudaError_t KitCheckGuards(const void* ptr) {
#ifdef KIT_EMULATE
  return emu::checkGuards(ptr);
#else
  (void)ptr;
  return cudaSuccess;
#endif
}

cudaError_t KitSynchronize(void) { return cudaDeviceSynchronize(); }

cudaError_t Alloc(void** out, size_t bytes) { return kit::memory::acquire(out, bytes); }

cudaError_t FromTypedArray(void** out, const void* host, size_t bytes) {
  cudaError_t err = kit::memory::acquire(out, bytes);
  if (err != cudaSuccess || bytes == 0) return err;
  err = kit::staging::toDevice(*out, host, bytes);
  if (err != cudaSuccess) {
    kit::memory::release(*out);
    *out = nullptr;
  }
  return err;
}

cudaError_t ToTypedArray(void* host, const void* device, size_t bytes) {
  if (bytes == 0) return cudaSuccess;
  return kit::staging::toHost(host, device, bytes);
}

cudaError_t Free(void* ptr) { return kit::memory::release(ptr); }

cudaError_t Fill(void* out, int dtype, int64_t size, double value) {
  KIT_DISPATCH(dtype, T, return kit::launch(FillKernel<T>, kit::oneDim(size), static_cast<T*>(out),
                                       kit::castValue<T>(value), size));
}

}  // extern "C"
