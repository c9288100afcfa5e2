#include "tools/cmdline/cmdline.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace wasmrt::cmdline {
namespace {

bool TakesValue(const CLI::Option& o) { return o.get_items_expected_max() != 0; }

// The option `name` ("--x" or "-x") where CLI11 looks for it: in the
// subcommand given so far, then (falling through) in the app.
const CLI::Option* Find(CLI::App& app, CLI::App* sub, const std::string& name) {
  if (sub != nullptr) {
    if (const CLI::Option* o = sub->get_option_no_throw(name)) return o;
  }
  return app.get_option_no_throw(name);
}

CLI::App* FindSubcommand(CLI::App& app, const std::string& word) {
  auto subs = app.get_subcommands([&](CLI::App* s) { return s->check_name(word); });
  return subs.empty() ? nullptr : subs.front();
}

struct Split {
  std::vector<std::string> head;  // for CLI11
  std::vector<std::string> tail;  // after `--`
};

// What CLI11 leaves to chance, settled before it runs: a missing value and
// a value given to a flag are errors named after the option; `--opt=` means
// an empty value (CLI11 would take the next word); the `--` that ends
// options is found here because CLI11 drops it once a subcommand is active.
// An option that takes a value takes the next word whatever it looks like
// ("--fuel -3", "--payload --"), as CLI11 does.
absl::StatusOr<Split> Prepare(CLI::App& app, const std::vector<std::string>& args,
                              bool dash_dash_ends_options) {
  Split out;
  CLI::App* sub = nullptr;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (dash_dash_ends_options && a == "--") {
      out.tail.assign(args.begin() + i + 1, args.end());
      break;
    }
    size_t eq = absl::StartsWith(a, "--") ? a.find('=') : std::string::npos;
    if (eq != std::string::npos) {
      std::string name = a.substr(0, eq);
      const CLI::Option* o = Find(app, sub, name);
      if (o != nullptr && !TakesValue(*o)) {
        return absl::InvalidArgumentError(absl::StrCat("option ", name, " takes no value"));
      }
      if (o != nullptr && eq + 1 == a.size()) {
        out.head.push_back(name);
        out.head.push_back("");
      } else {
        out.head.push_back(a);
      }
      continue;
    }
    if (a.size() > 1 && a[0] == '-') {
      const CLI::Option* o = Find(app, sub, a);
      out.head.push_back(a);
      if (o != nullptr && TakesValue(*o)) {
        if (i + 1 == args.size()) {
          return absl::InvalidArgumentError(absl::StrCat("option ", a, " needs a value"));
        }
        out.head.push_back(args[++i]);
      }
      continue;
    }
    if (sub == nullptr) sub = FindSubcommand(app, a);
    out.head.push_back(a);
  }
  return out;
}

}  // namespace

CLI::Option* AddValue(CLI::App& app, const std::string& names,
                      std::function<absl::Status(const std::string&)> apply) {
  CLI::Option* o = app.add_option_function<std::string>(
      names, [apply = std::move(apply)](const std::string& v) {
        absl::Status s = apply(v);
        if (!s.ok()) throw CLI::ValidationError(std::string(s.message()));
      });
  // Applied as parsed: repeats are seen one by one and errors come in
  // command-line order.
  o->trigger_on_parse();
  return o;
}

CLI::Option* AddFlag(CLI::App& app, const std::string& names, bool& out) {
  return app.add_flag(names, out)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

absl::StatusOr<Words> Parse(CLI::App& app, const std::vector<std::string>& args,
                            bool dash_dash_ends_options) {
  auto split = Prepare(app, args, dash_dash_ends_options);
  if (!split.ok()) return split.status();
  // Unknown options and positional words are kept, in order, in the app's
  // "remaining" list; subcommands pass theirs up to it.
  app.allow_extras();
  for (CLI::App* s : app.get_subcommands([](CLI::App*) { return true; })) s->fallthrough();
  std::vector<std::string> reversed(split->head.rbegin(), split->head.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::Error& e) {
    return absl::InvalidArgumentError(e.what());
  }
  Words w;
  w.words = app.remaining(true);
  w.after_dash_dash = std::move(split->tail);
  return w;
}

}  // namespace wasmrt::cmdline
