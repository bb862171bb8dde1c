// The libsrtp 3 API that mediasoup 3.27 calls, implemented on top of Debian's libsrtp 2.
//
// mediasoup includes <srtp.h> and links a libsrtp 3 fork it would download. Debian ships
// libsrtp 2 (2.5 on Debian 12, 2.7 on 13), whose crypto and wire format are the same; what
// changed in 3.0 is the C API:
//   - srtp_policy_t became an opaque handle filled through srtp_policy_create/set_*/add_key
//     (2.x: a public struct that the caller fills in);
//   - protect/unprotect read from one buffer and write to another, with size_t lengths and
//     an in/out capacity (2.x: in place, int lengths, and the caller guarantees room for
//     the trailer);
//   - srtp_remove_stream was renamed srtp_stream_remove;
//   - two error codes were added.
// MKI is not supported here: mediasoup never uses it (mki = nullptr, mki_index = 0).
//
// This header is C++ only. Several libsrtp 3 functions keep their 2.x names with other
// parameters; C++ overloading lets both exist, the 2.x one with C linkage (the real
// library symbol) and the 3.x one as an inline wrapper that calls it. No symbol of the
// shared libsrtp2 is redefined.
//
// When upgrading mediasoup: grep worker/src and worker/include for "srtp_" and check every
// call still matches a declaration below; a missing one fails at compile time.
#ifndef HEARTH_LIBSRTP3_COMPAT_SRTP_H
#define HEARTH_LIBSRTP3_COMPAT_SRTP_H

#ifndef __cplusplus
#error "This libsrtp 3 compatibility header relies on C++ overloading (see its comment)."
#endif

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

// libsrtp 2 calls its policy struct srtp_policy_t, the name libsrtp 3 gives to the opaque
// handle. Rename the 2.x type while its header is read; C symbols carry no types, so the
// library's functions are still found.
#define srtp_policy_t hearth_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

// Error codes new in libsrtp 3. libsrtp 2 never returns them; mediasoup only names them in
// its error-string table. meson.build defines HEARTH_SRTP2_HAS_* where libsrtp 2 has them.
#ifndef HEARTH_SRTP2_HAS_SRTP_ERR_STATUS_BUFFER_SMALL
inline constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
#endif
#ifndef HEARTH_SRTP2_HAS_SRTP_ERR_STATUS_CRYPTEX_ERR
inline constexpr srtp_err_status_t srtp_err_status_cryptex_err = static_cast<srtp_err_status_t>(29);
#endif

// The opaque libsrtp 3 policy: a libsrtp 2 policy plus storage for the key it points to.
struct hearth_srtp3_policy
{
	hearth_srtp2_policy_t v2;
	// libsrtp 2 wants master key and master salt as one concatenated buffer.
	unsigned char key[SRTP_MAX_KEY_LEN];
	bool profileSet;
};

typedef hearth_srtp3_policy* srtp_policy_t;

inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	// Value-initialised: every libsrtp 2 field zero, which is its documented default
	// (window_size 0 = 128, no extension header encryption, no next policy).
	auto* created = new (std::nothrow) hearth_srtp3_policy{};

	if (created == nullptr)
		return srtp_err_status_alloc_fail;

	created->v2.key = created->key;
	*policy         = created;

	return srtp_err_status_ok;
}

inline void srtp_policy_destroy(srtp_policy_t policy)
{
	delete policy;
}

inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->v2.ssrc = ssrc;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->v2.rtp, profile);

	if (err != srtp_err_status_ok)
		return err;

	err = srtp_crypto_policy_set_from_profile_for_rtcp(&policy->v2.rtcp, profile);

	if (err != srtp_err_status_ok)
		return err;

	policy->profileSet = true;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_add_key(
  srtp_policy_t policy,
  const uint8_t* key,
  size_t keyLen,
  const uint8_t* salt,
  size_t saltLen,
  const uint8_t* mki,
  size_t mkiLen)
{
	if (policy == nullptr || key == nullptr || (salt == nullptr && saltLen != 0))
		return srtp_err_status_bad_param;

	if (mki != nullptr || mkiLen != 0)
		return srtp_err_status_no_such_op;

	// The profile decides how long key + salt must be; without it the length can't be checked.
	if (!policy->profileSet)
		return srtp_err_status_bad_param;

	const size_t expectedLen = static_cast<size_t>(policy->v2.rtp.cipher_key_len);

	if (keyLen + saltLen != expectedLen || expectedLen > sizeof(policy->key))
		return srtp_err_status_bad_param;

	std::memcpy(policy->key, key, keyLen);

	if (saltLen != 0)
		std::memcpy(policy->key + keyLen, salt, saltLen);

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->v2.allow_repeat_tx = allow ? 1 : 0;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t windowSize)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	// libsrtp 2 accepts 64 ... 0x7fff (or 0 for its default) and checks it in srtp_create().
	policy->v2.window_size = static_cast<unsigned long>(windowSize);

	return srtp_err_status_ok;
}

// libsrtp 3 overload; the call inside resolves to libsrtp 2's
// srtp_create(srtp_t*, const hearth_srtp2_policy_t*). libsrtp 2 derives the session keys
// during the call, so the policy (and the key it holds) may be destroyed right after.
inline srtp_err_status_t srtp_create(srtp_t* session, srtp_policy_t policy)
{
	return srtp_create(session, policy != nullptr ? &policy->v2 : nullptr);
}

// The SSRC is in network byte order in both versions.
inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}

namespace hearth_srtp3_compat
{
	// libsrtp 2 transforms in place and may grow the packet by `trailerRoom` bytes: copy the
	// input to the output buffer (if it is another buffer), then let libsrtp 2 work there.
	template<typename InPlaceFn>
	inline srtp_err_status_t Transform(
	  srtp_t ctx,
	  const uint8_t* in,
	  size_t inLen,
	  uint8_t* out,
	  size_t* outLen,
	  size_t trailerRoom,
	  InPlaceFn inPlace)
	{
		if (ctx == nullptr || in == nullptr || out == nullptr || outLen == nullptr)
			return srtp_err_status_bad_param;

		if (inLen > static_cast<size_t>(INT_MAX) - trailerRoom)
			return srtp_err_status_bad_param;

		if (*outLen < inLen + trailerRoom)
			return srtp_err_status_buffer_small;

		if (out != in)
			std::memmove(out, in, inLen);

		int len                     = static_cast<int>(inLen);
		const srtp_err_status_t err = inPlace(ctx, out, &len);

		if (err != srtp_err_status_ok)
			return err;

		*outLen = static_cast<size_t>(len);

		return srtp_err_status_ok;
	}
} // namespace hearth_srtp3_compat

// The (3-argument) calls in the lambdas below are libsrtp 2's in-place functions.

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t /*mkiIndex*/)
{
	return hearth_srtp3_compat::Transform(
	  ctx,
	  rtp,
	  rtpLen,
	  srtp,
	  srtpLen,
	  SRTP_MAX_TRAILER_LEN,
	  [](srtp_t c, uint8_t* p, int* l) { return srtp_protect(c, p, l); });
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
	return hearth_srtp3_compat::Transform(
	  ctx,
	  srtp,
	  srtpLen,
	  rtp,
	  rtpLen,
	  0,
	  [](srtp_t c, uint8_t* p, int* l) { return srtp_unprotect(c, p, l); });
}

// SRTCP also appends a 4-byte index (E flag + SRTCP index) before the tag.
inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t /*mkiIndex*/)
{
	return hearth_srtp3_compat::Transform(
	  ctx,
	  rtcp,
	  rtcpLen,
	  srtcp,
	  srtcpLen,
	  SRTP_MAX_TRAILER_LEN + 4,
	  [](srtp_t c, uint8_t* p, int* l) { return srtp_protect_rtcp(c, p, l); });
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
	return hearth_srtp3_compat::Transform(
	  ctx,
	  srtcp,
	  srtcpLen,
	  rtcp,
	  rtcpLen,
	  0,
	  [](srtp_t c, uint8_t* p, int* l) { return srtp_unprotect_rtcp(c, p, l); });
}

#endif
