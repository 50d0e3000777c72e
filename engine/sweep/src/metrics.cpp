// SPDX-License-Identifier: MIT
#include "hornet/sweep/metrics.hpp"

#include "hornet/core/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

namespace hornet::sweep {
namespace {

using io::MetricReduce;

bool in_window(const io::MetricSpec& s, double t) {
    return (!s.from_ms || t >= *s.from_ms) && (!s.to_ms || t <= *s.to_ms);
}

/// The shortest text that reads back as exactly `value`: "1814400000", not "1.8144e+09".
std::string number_text(double value) {
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return {buffer.data(), result.ptr};
}

std::string window_text(const io::MetricSpec& s) {
    std::string out;
    if (s.from_ms) out += " from " + number_text(*s.from_ms) + " ms";
    if (s.to_ms) out += " to " + number_text(*s.to_ms) + " ms";
    return out;
}

[[noreturn]] void no_samples(const io::MetricSpec& s) {
    throw Error(s.dataset + ": no samples" +
                (window_text(s).empty() ? std::string() : " in the window" + window_text(s)));
}

/// Time each sample holds (until the next sample, or `end_ms`), clipped to [from, to], summed
/// over the samples that satisfy `below` (or above) the threshold. Throws when no (non-NaN)
/// sample holds for any time of the window: 0 would hide a window outside the data.
double time_where(const io::MetricSpec& s, const io::TimeSeries& x, double end_ms, bool below) {
    const double lo = s.from_ms.value_or(-std::numeric_limits<double>::infinity());
    const double hi = s.to_ms.value_or(end_ms);
    double total = 0.0;
    bool covered = false;
    for (std::size_t i = 0; i < x.values.size(); ++i) {
        const double v = x.values[i];
        if (std::isnan(v)) continue;
        const double begin = std::max(x.time_ms[i], lo);
        const double end = std::min(i + 1 < x.time_ms.size() ? x.time_ms[i + 1] : end_ms, hi);
        if (!(end > begin)) continue;
        covered = true;
        if (below ? v < *s.threshold : v > *s.threshold) total += end - begin;
    }
    if (!covered) no_samples(s);
    return total / s.time_unit_ms;
}

} // namespace

MetricValue reduce_series(const io::MetricSpec& s, const io::TimeSeries& x, double end_ms) {
    switch (s.reduce) {
    case MetricReduce::time_below:
    case MetricReduce::time_above:
        return {time_where(s, x, end_ms, s.reduce == MetricReduce::time_below), s.time_unit};
    case MetricReduce::at: {
        double value = std::numeric_limits<double>::quiet_NaN();
        bool found = false;
        for (std::size_t i = 0; i < x.values.size() && x.time_ms[i] <= *s.at_ms; ++i) {
            value = x.values[i];
            found = true;
        }
        if (!found)
            throw Error(s.dataset + ": no sample at or before " + number_text(*s.at_ms) +
                        " ms (the first is at " +
                        (x.time_ms.empty() ? std::string("-") : number_text(x.time_ms[0])) +
                        " ms)");
        return {value, x.units};
    }
    default:
        break;
    }
    std::vector<double> window;
    window.reserve(x.values.size());
    for (std::size_t i = 0; i < x.values.size(); ++i)
        if (in_window(s, x.time_ms[i]) && !std::isnan(x.values[i])) window.push_back(x.values[i]);
    if (window.empty()) no_samples(s);
    if (s.reduce == MetricReduce::count_below || s.reduce == MetricReduce::count_above) {
        const bool below = s.reduce == MetricReduce::count_below;
        const auto n = std::count_if(window.begin(), window.end(), [&](double v) {
            return below ? v < *s.threshold : v > *s.threshold;
        });
        return {static_cast<double>(n), "1"};
    }
    switch (s.reduce) {
    case MetricReduce::first:
        return {window.front(), x.units};
    case MetricReduce::mean: {
        double sum = 0.0;
        for (const double v : window) sum += v;
        return {sum / static_cast<double>(window.size()), x.units};
    }
    case MetricReduce::min:
        return {*std::min_element(window.begin(), window.end()), x.units};
    case MetricReduce::max:
        return {*std::max_element(window.begin(), window.end()), x.units};
    default:
        return {window.back(), x.units};
    }
}

MetricValue evaluate_metric(const io::MetricSpec& spec, const io::OutputReader& file) {
    if (!spec.mean_rate_population.empty()) {
        if (file.has_timeline())
            throw Error("mean_rate: a timeline run's duration is mostly not simulated; use a "
                        "readout dataset");
        const double seconds = file.duration_ms() * 1e-3;
        const auto n = static_cast<double>(file.n_nodes(spec.mean_rate_population));
        if (seconds <= 0.0 || n <= 0.0) return {0.0, "Hz"};
        return {static_cast<double>(file.spike_count(spec.mean_rate_population)) / n / seconds,
                "Hz"};
    }
    return reduce_series(spec, file.series(spec.dataset), file.duration_ms());
}

std::string describe_metric(const io::MetricSpec& s) {
    if (!s.mean_rate_population.empty())
        return "mean rate of " + s.mean_rate_population + ": spikes / neurons / duration";
    std::ostringstream out;
    switch (s.reduce) {
    case MetricReduce::at:
        out << "value at " << number_text(*s.at_ms) << " ms of " << s.dataset;
        break;
    case MetricReduce::time_below:
    case MetricReduce::time_above:
    case MetricReduce::count_below:
    case MetricReduce::count_above: {
        const bool time =
            s.reduce == MetricReduce::time_below || s.reduce == MetricReduce::time_above;
        const bool below =
            s.reduce == MetricReduce::time_below || s.reduce == MetricReduce::count_below;
        out << (time ? "time [" + s.time_unit + "] " : std::string("samples ")) << s.dataset
            << (below ? " < " : " > ") << number_text(*s.threshold) << window_text(s);
        break;
    }
    default:
        out << io::reduce_name(s.reduce) << " of " << s.dataset << window_text(s);
    }
    return out.str();
}

} // namespace hornet::sweep
