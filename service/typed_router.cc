#include "service/typed_router.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "service/log.h"
#include "service/status_text.h"

namespace wasmrt::service {

absl::Status TypedRouter::WillAdd(const StoredModule& module, const std::string& name) {
  auto api = TypedApi::Load(*module.compiled);
  if (!api.ok()) return api.status();
  if (name.empty() || *api == nullptr) return absl::OkStatus();
  absl::ReaderMutexLock lock(&mu_);
  for (const TypedMethod& m : (*api)->methods()) {
    if (const std::string* holder = OtherHolder(m.path, name)) {
      return absl::AlreadyExistsError(absl::StrCat("method ", m.path, " is already served by ",
                                                   Quote(*holder),
                                                   "; delete that name or upload under it"));
    }
  }
  return absl::OkStatus();
}

void TypedRouter::DidSetName(const std::string& name,
                             const std::shared_ptr<const StoredModule>& module) {
  BindName(name, module);
  Changed();
}

void TypedRouter::BindName(const std::string& name,
                           const std::shared_ptr<const StoredModule>& module) {
  auto api = TypedApi::Load(*module->compiled);
  absl::MutexLock lock(&mu_);
  BindLocked(name, module, api);
  // One snapshot for the unbind and the bind: a lookup racing with a
  // re-upload sees the old module or the new one, never neither.
  PublishLocked();
}

void TypedRouter::BindLocked(const std::string& name,
                             const std::shared_ptr<const StoredModule>& module,
                             const absl::StatusOr<std::shared_ptr<const TypedApi>>& api) {
  UnbindLocked(name);
  if (!api.ok()) {  // stored before typed methods were checked at upload
    Log(LogLevel::kError, absl::StrCat("name=", name, " module=", module->id,
                                       " serves no typed methods: ", api.status().message()));
    return;
  }
  if (*api == nullptr) return;
  for (const TypedMethod& m : (*api)->methods()) {
    if (const std::string* holder = OtherHolder(m.path, name)) {
      Log(LogLevel::kError, absl::StrCat("name=", name, " serves no typed methods: ", m.path,
                                         " is already served by ", *holder));
      return;
    }
  }
  std::vector<std::string>& paths = paths_of_[name];
  for (const TypedMethod& m : (*api)->methods()) {
    auto route = std::make_shared<TypedRoute>();
    route->name = name;
    route->module = module;
    route->api = *api;
    route->method = &m;
    routes_[m.path] = std::move(route);
    paths.push_back(m.path);
  }
  if (paths.empty()) paths_of_.erase(name);
}

void TypedRouter::DidEraseName(const std::string& name) {
  {
    absl::MutexLock lock(&mu_);
    UnbindLocked(name);
    PublishLocked();
  }
  Changed();
}

std::shared_ptr<const TypedRoute> TypedRouter::Find(absl::string_view path) const {
  std::shared_ptr<const Routes> routes = published_.load(std::memory_order_acquire);
  auto it = routes->find(path);
  return it == routes->end() ? nullptr : it->second;
}

std::vector<std::string> TypedRouter::Paths() const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<std::string> out;
  for (const auto& [path, route] : routes_) out.push_back(path);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> TypedRouter::ServiceNames() const {
  std::vector<std::string> out;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (const auto& [path, route] : routes_) {
      out.push_back(route->method->descriptor->service()->full_name());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool TypedRouter::ServesService(absl::string_view service) const {
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [path, route] : routes_) {
    if (route->method->descriptor->service()->full_name() == service) return true;
  }
  return false;
}

std::vector<std::shared_ptr<const TypedApi>> TypedRouter::Apis() const {
  std::vector<std::pair<std::string, std::shared_ptr<const TypedApi>>> named;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (const auto& [name, paths] : paths_of_) {
      named.emplace_back(name, routes_.at(paths.front())->api);
    }
  }
  std::sort(named.begin(), named.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::shared_ptr<const TypedApi>> out;
  for (auto& [name, api] : named) out.push_back(std::move(api));
  return out;
}

void TypedRouter::SetChangeCallback(std::function<void()> callback) {
  absl::MutexLock lock(&mu_);
  on_change_ = std::move(callback);
}

void TypedRouter::Changed() {
  std::function<void()> callback;
  {
    absl::ReaderMutexLock lock(&mu_);
    callback = on_change_;
  }
  if (callback) callback();
}

const std::string* TypedRouter::OtherHolder(const std::string& path,
                                            const std::string& name) const {
  auto it = routes_.find(path);
  if (it == routes_.end() || it->second->name == name) return nullptr;
  return &it->second->name;
}

void TypedRouter::UnbindLocked(const std::string& name) {
  auto it = paths_of_.find(name);
  if (it == paths_of_.end()) return;
  for (const std::string& path : it->second) routes_.erase(path);
  paths_of_.erase(it);
}

void TypedRouter::PublishLocked() {
  published_.store(std::make_shared<const Routes>(routes_), std::memory_order_release);
}

}  // namespace wasmrt::service
