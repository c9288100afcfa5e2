// Which module serves each typed method. Methods follow module names: the
// module a name points at serves the methods its wasmrt:proto section
// declares (typed_methods.h). Re-pointing the name (a re-upload) moves them
// to the new module; a method already held by another name is refused;
// erasing the name removes them. Modules without a name serve nothing.
//
// The registry tells the router about names (ModuleRegistry's NameListener)
// under its write lock, so a check and the bind that follows it see the
// same state. Lookups (every typed call) take no lock: they read an
// immutable copy of the routes, replaced as a whole after each change.
#ifndef WASMRT_SERVICE_TYPED_ROUTER_H_
#define WASMRT_SERVICE_TYPED_ROUTER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "service/module_registry.h"
#include "service/typed_methods.h"

namespace wasmrt::service {

// What serves one gRPC path.
struct TypedRoute {
  std::string name;  // the module name holding the method
  std::shared_ptr<const StoredModule> module;
  std::shared_ptr<const TypedApi> api;  // keeps `method` alive
  const TypedMethod* method = nullptr;
};

class TypedRouter final : public NameListener {
 public:
  // Checks the module's api (every upload, named or not) and, for a named
  // one, that no other name holds one of its methods (AlreadyExists naming
  // the method and its holder).
  absl::Status WillAdd(const StoredModule& module, const std::string& name) override;
  // Binds `name`'s methods to `module`, replacing what `name` served. At
  // startup two names may declare the same method (stored by replicas that
  // share the directory): the name bound first keeps it, the other is
  // logged and serves nothing.
  void DidSetName(const std::string& name,
                  const std::shared_ptr<const StoredModule>& module) override;
  void DidEraseName(const std::string& name) override;

  // The route of a gRPC path ("/pkg.Service/Method"), or null.
  std::shared_ptr<const TypedRoute> Find(absl::string_view path) const;
  // Every bound path, sorted.
  std::vector<std::string> Paths() const;
  // The services with a bound method ("pkg.Service"), sorted: what server
  // reflection lists and health reports.
  std::vector<std::string> ServiceNames() const;
  bool ServesService(absl::string_view service) const;
  // The apis of the bound names, one per name in name order; holding them
  // keeps their descriptor pools alive (reflection reads them).
  std::vector<std::shared_ptr<const TypedApi>> Apis() const;

  // Called after every change of what is bound (health's Watch), outside
  // the router's lock. Set before serving starts.
  void SetChangeCallback(std::function<void()> callback);

 private:
  void BindName(const std::string& name, const std::shared_ptr<const StoredModule>& module)
      ABSL_LOCKS_EXCLUDED(mu_);
  void BindLocked(const std::string& name, const std::shared_ptr<const StoredModule>& module,
                  const absl::StatusOr<std::shared_ptr<const TypedApi>>& api)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The name holding `path` other than `name`, or null.
  const std::string* OtherHolder(const std::string& path, const std::string& name) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void UnbindLocked(const std::string& name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Publishes routes_ for Find, once per change seen from outside.
  void PublishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Changed() ABSL_LOCKS_EXCLUDED(mu_);

  using Routes = absl::flat_hash_map<std::string, std::shared_ptr<const TypedRoute>>;

  mutable absl::Mutex mu_;
  Routes routes_ ABSL_GUARDED_BY(mu_);  // path -> route
  std::atomic<std::shared_ptr<const Routes>> published_{std::make_shared<const Routes>()};
  absl::flat_hash_map<std::string, std::vector<std::string>> paths_of_
      ABSL_GUARDED_BY(mu_);  // name -> its paths
  std::function<void()> on_change_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_TYPED_ROUTER_H_
