// Outbound networking: every request to a user-supplied URL goes through guardedRequest.
export {
  checkUrl,
  defaultLookup,
  DEFAULT_MAX_RESPONSE_BYTES,
  guardedRequest,
  type CheckUrlOptions,
  type CheckUrlResult,
  type DestinationPolicyOptions,
  type GuardedRequestOptions,
  type GuardedResponse,
  type HostLookup,
  type LookupAddress,
} from "./guarded-request";
export {
  GUARDED_REQUEST_ERROR_KINDS,
  GuardedRequestError,
  isGuardedRequestError,
  type GuardedRequestErrorKind,
} from "./errors";
export {
  CidrListError,
  cidrListSchema,
  cidrListStringSchema,
  cidrSchema,
  classifyAddress,
  describeCategory,
  evaluateAddress,
  parseCidr,
  parseCidrList,
  PRIVATE_NETWORK_CATEGORIES,
  type AddressCategory,
  type AddressInfo,
  type AddressPolicy,
  type AddressVerdict,
  type Cidr,
} from "./ip-policy";
