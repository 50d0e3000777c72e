// SPDX-License-Identifier: MIT
#include "hornet/sweep/plan.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace hornet::sweep {
namespace {

constexpr std::string_view kSeedKey = "simulation.seed";

/// The seed an axis value over simulation.seed sets: the integer as written (the run reads the
/// override text, and a seed above 2^53 has no exact double), else the number.
std::uint64_t axis_seed(const io::AxisValue& v) {
    std::uint64_t seed = 0;
    const std::string& text = v.override_text;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
    if (error == std::errc() && end == text.data() + text.size()) return seed;
    return *v.number >= 0.0 ? static_cast<std::uint64_t>(*v.number) : 0;
}

/// Which value of each axis point `combination` takes: grid counts in mixed radix with the last
/// axis fastest; zip takes the same value index on every axis.
std::vector<std::size_t> value_indices(const io::SweepSpec& spec, std::uint64_t combination) {
    std::vector<std::size_t> index(spec.axes.size(), 0);
    if (spec.combine == io::SweepCombine::zip) {
        for (auto& i : index) i = static_cast<std::size_t>(combination);
        return index;
    }
    for (std::size_t a = spec.axes.size(); a-- > 0;) {
        const std::uint64_t n = spec.axes[a].values.size();
        index[a] = static_cast<std::size_t>(combination % n);
        combination /= n;
    }
    return index;
}

std::uint64_t combinations(const io::SweepSpec& spec) {
    if (spec.axes.empty()) return 1;
    if (spec.combine == io::SweepCombine::zip) return spec.axes.front().values.size();
    std::uint64_t n = 1;
    for (const auto& a : spec.axes) n *= a.values.size();
    return n;
}

} // namespace

std::uint64_t derive_seed(std::uint64_t master_seed, std::uint64_t index) {
    // SplitMix64 (Steele, Lea & Flood 2014): the state advances by the golden-ratio increment,
    // and the output mix decorrelates neighbouring indices.
    std::uint64_t z = master_seed + (index + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return z & 0x7FFFFFFFFFFFFFFFULL;
}

SweepPlan expand(const io::SweepSpec& spec, std::uint64_t master_seed) {
    SweepPlan plan;
    plan.master_seed = master_seed;
    const std::uint64_t n_combinations = combinations(spec);
    const auto replicates = static_cast<std::uint64_t>(spec.replicates);
    plan.points.reserve(static_cast<std::size_t>(n_combinations * replicates));
    for (std::uint64_t c = 0; c < n_combinations; ++c) {
        for (std::uint64_t r = 0; r < replicates; ++r) {
            SweepPoint p;
            p.index = c * replicates + r;
            p.replicate = r;
            p.value_index = value_indices(spec, c);
            p.overrides.reserve(spec.settings.size() + spec.axes.size());
            for (const auto& s : spec.settings)
                p.overrides.push_back(s.key + "=" + s.override_text);
            p.seed = derive_seed(master_seed, spec.seed_mode == io::SeedMode::common ? r : p.index);
            for (std::size_t a = 0; a < spec.axes.size(); ++a) {
                const io::SweepAxis& axis = spec.axes[a];
                const io::AxisValue& v = axis.values[p.value_index[a]];
                p.overrides.push_back(axis.key + "=" + v.override_text);
                if (axis.key == kSeedKey && v.number) {
                    p.seed = axis_seed(v);
                    p.pass_seed = false;
                }
            }
            plan.points.push_back(std::move(p));
        }
    }
    return plan;
}

std::string plan_text(const io::SweepSpec& spec, const SweepPlan& plan) {
    std::ostringstream out;
    out << "# hornet sweep plan: " << plan.points.size() << " points of "
        << std::filesystem::weakly_canonical(spec.scenario).string() << ", master seed "
        << plan.master_seed << "\n# index\treplicate\tseed\toverrides...\n";
    for (const auto& p : plan.points) {
        out << p.index << '\t' << p.replicate << '\t' << p.seed;
        for (const auto& o : p.overrides) out << '\t' << o;
        out << '\n';
    }
    return out.str();
}

std::string point_file_name(std::uint64_t index) {
    char name[48];
    std::snprintf(name, sizeof name, "point-%06llu.h5", static_cast<unsigned long long>(index));
    return name;
}

} // namespace hornet::sweep
