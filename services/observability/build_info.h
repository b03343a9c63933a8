// The version of this build, exported as interco_build_info{version}. It names the image
// tag a release is pushed as (deploy/k8s/base/kustomization.yaml, newTag): change both
// together.
#ifndef INTERCO_SERVICES_OBSERVABILITY_BUILD_INFO_H_
#define INTERCO_SERVICES_OBSERVABILITY_BUILD_INFO_H_

#include "absl/strings/string_view.h"

namespace interco::observability {

inline constexpr absl::string_view kServerVersion = "0.1.0";

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_BUILD_INFO_H_
