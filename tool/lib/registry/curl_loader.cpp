#include "registry/curl_loader.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "registry/http_get.hpp"

namespace pith::registry {

namespace {

template <typename Fn>
void bind(void* library, const char* name, Fn& fn) {
    fn = reinterpret_cast<Fn>(dlsym(library, name));
    if (!fn) throw NetworkError(std::string("libcurl.so.4 has no ") + name);
}

CurlApi load() {
    void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) throw NetworkError(std::string("cannot load libcurl (install libcurl4): ") + dlerror());
    CurlApi api{};
    bind(library, "curl_global_init", api.globalInit);
    bind(library, "curl_easy_init", api.easyInit);
    bind(library, "curl_easy_setopt", api.easySetopt);
    bind(library, "curl_easy_perform", api.easyPerform);
    bind(library, "curl_easy_getinfo", api.easyGetinfo);
    bind(library, "curl_easy_cleanup", api.easyCleanup);
    bind(library, "curl_easy_strerror", api.easyStrerror);
    api.globalInit(CURL_GLOBAL_DEFAULT);
    return api;  // the library stays loaded for the life of the process
}

}  // namespace

const CurlApi& curlApi() {
    static std::once_flag once;
    static CurlApi api;
    std::call_once(once, [] { api = load(); });
    return api;
}

}  // namespace pith::registry
