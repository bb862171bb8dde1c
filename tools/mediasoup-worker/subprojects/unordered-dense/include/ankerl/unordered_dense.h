// Stand-in for ankerl::unordered_dense (https://github.com/martinus/unordered_dense), which
// Debian does not package and which mediasoup would otherwise download.
//
// mediasoup 3.27 uses exactly three names from it: map, set and hash, always through the
// std::unordered_map-compatible part of their interface (find, emplace, erase, contains,
// iteration...). Mapping them onto the standard library keeps that interface; what changes
// is speed (node-based instead of a flat vector) and iteration order, which mediasoup does
// not rely on. If a future mediasoup calls something only unordered_dense has (for example
// .values() or .extract()), the build fails at compile time, not at run time.
#ifndef HEARTH_ANKERL_UNORDERED_DENSE_H
#define HEARTH_ANKERL_UNORDERED_DENSE_H

#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	template<class T>
	using hash = std::hash<T>;

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif
