// SPDX-License-Identifier: MIT
#include "hornet/sweep/sweep_directory.hpp"

#include "hornet/core/error.hpp"
#include "hornet/io/output_reader.hpp"
#include "hornet/sweep/metrics.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <unistd.h>

namespace hornet::sweep {
namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Writes `text` under a temporary name and renames it, so no reader sees half of it.
void write_atomically(const std::filesystem::path& path, const std::string& text) {
    const std::filesystem::path temporary =
        path.string() + ".tmp." + std::to_string(static_cast<long>(getpid()));
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw IoError(temporary.string() + ": cannot write");
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) throw IoError(path.string() + ": cannot write (" + error.message() + ")");
}

/// Line number (1-based) of the first difference between two texts.
std::size_t first_difference(const std::string& a, const std::string& b) {
    std::istringstream x(a), y(b);
    std::string lx, ly;
    for (std::size_t line = 1;; ++line) {
        const bool more_x = static_cast<bool>(std::getline(x, lx));
        const bool more_y = static_cast<bool>(std::getline(y, ly));
        if (!more_x || !more_y || lx != ly) return line;
    }
}

} // namespace

const char* status_name(PointStatus s) {
    switch (s) {
    case PointStatus::done:
        return "done";
    case PointStatus::failed:
        return "failed";
    default:
        return "pending";
    }
}

std::filesystem::path SweepDirectory::point_file(std::uint64_t index) const {
    return dir_ / point_file_name(index);
}

std::filesystem::path SweepDirectory::failed_file(std::uint64_t index) const {
    return dir_ / (std::filesystem::path(point_file_name(index)).stem().string() + ".failed");
}

std::filesystem::path SweepDirectory::log_file(std::uint64_t index) const {
    return dir_ / "logs" / (std::filesystem::path(point_file_name(index)).stem().string() + ".log");
}

void SweepDirectory::open(const std::string& plan, bool resume, bool shared) const {
    std::error_code error;
    std::filesystem::create_directories(dir_ / "logs", error);
    if (error)
        throw IoError(dir_.string() + ": cannot create the sweep directory (" + error.message() +
                      ")");
    const std::filesystem::path plan_file = dir_ / "plan.txt";
    if (!std::filesystem::exists(plan_file)) {
        // Point files without a plan belong to nobody we can check: never adopt them.
        for (const auto& entry : std::filesystem::directory_iterator(dir_))
            if (entry.path().filename().string().starts_with("point-"))
                throw ConfigError(dir_.string() + ": holds point files (" +
                                  entry.path().filename().string() +
                                  ") but no plan.txt; choose another -o DIR, or empty it");
        write_atomically(plan_file, plan);
        return;
    }
    const std::string existing = read_text(plan_file);
    if (existing != plan)
        throw ConfigError(dir_.string() +
                          ": holds another sweep (its plan.txt differs from this "
                          "sweep file's points at line " +
                          std::to_string(first_difference(existing, plan)) +
                          "); choose another -o DIR, or delete it to start over");
    if (!resume && !shared)
        throw ConfigError(dir_.string() + ": already holds this sweep; add --resume to continue "
                                          "it, or choose another -o DIR");
}

void SweepDirectory::clear_attempt(std::uint64_t index) const {
    std::error_code ignored;
    std::filesystem::remove(point_file(index).string() + ".partial", ignored);
    std::filesystem::remove(failed_file(index), ignored);
}

void SweepDirectory::record_failure(std::uint64_t index, const std::string& message) const {
    write_atomically(failed_file(index), message);
}

PointResult SweepDirectory::inspect(const io::SweepSpec& spec, const SweepPoint& point) const {
    PointResult r;
    const auto file = point_file(point.index);
    if (!std::filesystem::exists(file)) {
        if (std::filesystem::exists(failed_file(point.index))) {
            r.status = PointStatus::failed;
            r.error = read_text(failed_file(point.index));
        }
        return r;
    }
    r.status = PointStatus::failed;
    try {
        const io::OutputReader reader(file);
        if (reader.seed() != point.seed) {
            r.error = file.string() + ": ran with seed " + std::to_string(reader.seed()) +
                      ", but the plan gives " + std::to_string(point.seed) +
                      " (a file of another sweep?)";
            return r;
        }
        r.wall_time_s = reader.wall_time_total_s();
        for (const auto& m : spec.metrics) {
            try {
                const MetricValue v = evaluate_metric(m, reader);
                r.metrics.push_back(v.value);
                r.metric_units.push_back(v.units);
            } catch (const Error& e) {
                r.error = "metric " + m.name + ": " + e.what();
                r.metrics.clear();
                r.metric_units.clear();
                return r;
            }
        }
    } catch (const Error& e) {
        r.error = e.what();
        return r;
    }
    r.status = PointStatus::done;
    return r;
}

io::SweepTable build_table(const io::SweepSpec& spec, const SweepPlan& plan,
                           const std::vector<PointResult>& results) {
    io::SweepTable t;
    t.sweep_path = spec.path.string();
    t.sweep_toml = spec.text;
    t.scenario_path = spec.scenario.string();
    t.combine = io::combine_name(spec.combine);
    t.seed_mode = io::seed_mode_name(spec.seed_mode);
    t.replicates = static_cast<std::uint64_t>(spec.replicates);
    t.master_seed = plan.master_seed;
    for (const auto& setting : spec.settings)
        if (setting.where.line == 0)
            t.command_overrides.push_back(setting.key + "=" + setting.override_text);
    const std::size_t n = plan.points.size();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    t.parameters.resize(spec.axes.size());
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
        auto& c = t.parameters[a];
        c.name = spec.axes[a].name;
        c.key = spec.axes[a].key;
        c.units = spec.axes[a].unit;
        c.is_string = spec.axes[a].unit.empty();
    }
    t.metrics.resize(spec.metrics.size());
    for (std::size_t m = 0; m < spec.metrics.size(); ++m) {
        t.metrics[m].name = spec.metrics[m].name;
        t.metrics[m].description = describe_metric(spec.metrics[m]);
        t.metrics[m].numbers.assign(n, nan);
    }
    t.complete = true;
    for (std::size_t i = 0; i < n; ++i) {
        const SweepPoint& p = plan.points[i];
        const PointResult& r = results[i];
        t.index.push_back(p.index);
        t.replicate.push_back(p.replicate);
        t.seed.push_back(p.seed);
        t.status.emplace_back(status_name(r.status));
        t.complete = t.complete && r.status != PointStatus::pending;
        t.wall_time_s.push_back(r.status == PointStatus::done ? r.wall_time_s : nan);
        t.error.push_back(r.error);
        t.file.push_back(point_file_name(p.index));
        for (std::size_t a = 0; a < spec.axes.size(); ++a) {
            const io::AxisValue& v = spec.axes[a].values[p.value_index[a]];
            if (t.parameters[a].is_string)
                t.parameters[a].strings.push_back(v.label);
            else
                t.parameters[a].numbers.push_back(*v.number);
        }
        if (r.status != PointStatus::done) continue;
        for (std::size_t m = 0; m < spec.metrics.size(); ++m) {
            t.metrics[m].numbers[i] = r.metrics[m];
            if (t.metrics[m].units.empty()) t.metrics[m].units = r.metric_units[m];
        }
    }
    return t;
}

} // namespace hornet::sweep
