// Fuzz target for request validation at the edge: the first byte picks a request message,
// the rest is parsed as its wire bytes, and the message goes through the same conversion
// and validation the handlers run. Any input ends in a value or an error status naming a
// field, never a crash; errors are always of a code the caller is meant to see.
#include <cstdint>
#include <cstdlib>

#include "interco/v1/group_structure.pb.h"
#include "interco/v1/ledger.pb.h"
#include "interco/v1/policy.pb.h"
#include "interco/v1/transfer_pricing.pb.h"
#include "services/group/validation.h"
#include "services/api/acquisition_convert.h"
#include "services/api/convert.h"
#include "services/api/ledger_convert.h"
#include "services/api/pricing_convert.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

void Check(const absl::Status& status) {
  Require(status.ok() || status.code() == absl::StatusCode::kInvalidArgument ||
          status.code() == absl::StatusCode::kOutOfRange);
}

template <typename Message>
bool Parse(const uint8_t* data, size_t size, Message* message) {
  return message->ParseFromArray(data, static_cast<int>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace interco;  // NOLINT: a fuzz entry point, not a header.
  if (size == 0) return 0;
  const uint8_t* body = data + 1;
  const size_t body_size = size - 1;
  switch (data[0] % 7) {
    case 0: {
      v1::Transaction transaction;
      if (Parse(body, body_size, &transaction)) {
        Check(api::TransactionFromProto(transaction).status());
      }
      break;
    }
    case 1: {
      v1::QuoteRequest request;
      if (Parse(body, body_size, &request)) Check(api::QuoteRequestFromProto(request).status());
      break;
    }
    case 2: {
      v1::Policy policy;
      if (Parse(body, body_size, &policy)) Check(api::PolicyFromProto(policy).status());
      break;
    }
    case 3: {
      v1::FxRate rate;
      if (Parse(body, body_size, &rate)) Check(api::FxRateFromProto(rate).status());
      break;
    }
    case 4: {
      v1::OwnershipEdge edge;
      if (Parse(body, body_size, &edge)) Check(api::EdgeFromProto(edge).status());
      break;
    }
    case 6: {  // An acquisition converts, validates, and goes back to the wire it came from.
      v1::UpsertAcquisitionRequest request;
      if (!Parse(body, body_size, &request)) break;
      const auto upsert = api::AcquisitionUpsertFromProto(request);
      Check(upsert.status());
      if (!upsert.ok()) break;
      Check(group::ValidateAcquisition(upsert->acquisition));
      Require(api::AcquisitionToProto(upsert->acquisition, upsert->held_amounts_currency).ok());
      break;
    }
    default: {
      v1::ClassifyRequest request;
      if (Parse(body, body_size, &request)) {
        Check(api::PartyFromProto(request.seller(), "seller").status());
        Check(api::DayFromProto(request.date(), "date").status());
      }
    }
  }
  return 0;
}
