// SPDX-License-Identifier: MIT
#include "hornet/sweep/farm.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>

namespace hornet::sweep {

void LocalSlot::start(const SweepPoint& point) {
    dir_.clear_attempt(point.index);
    index_ = point.index;
    process_.emplace(
        PointProcess::start(point_arguments(command_, dir_, point), dir_.log_file(point.index)));
}

std::optional<Finished> LocalSlot::poll() {
    if (!process_) return std::nullopt;
    const auto status = process_->poll();
    if (!status) return std::nullopt;
    process_.reset();
    return Finished{index_, settle_point(dir_, index_, *status, *stopping_)};
}

void LocalSlot::interrupt() {
    if (process_) process_->send(SIGTERM);
}

bool run_farm(const std::vector<const SweepPoint*>& todo,
              const std::vector<std::unique_ptr<Slot>>& slots, const FarmHooks& hooks,
              const std::atomic<bool>* stop, bool* stopping) {
    using clock = std::chrono::steady_clock;
    std::size_t next = 0;
    auto last_tick = clock::now();
    const bool fast_poll =
        std::any_of(slots.begin(), slots.end(), [](const auto& s) { return s->needs_polling(); });
    for (;;) {
        if (!*stopping && stop && stop->load()) {
            // NOTE: a Ctrl-C reaches the children directly (same process group); SIGTERM from
            // a batch scheduler may reach only the sweep, so it is passed on.
            *stopping = true;
            for (const auto& s : slots) s->interrupt();
        }
        for (const auto& s : slots)
            if (!*stopping && !s->busy() && next < todo.size()) s->start(*todo[next++]);
        const bool any_busy =
            std::any_of(slots.begin(), slots.end(), [](const auto& s) { return s->busy(); });
        if (!any_busy) break;
        wait_for_child_event(fast_poll ? 5 : 1000);
        bool ended = false;
        for (const auto& s : slots)
            while (const auto f = s->poll()) {
                hooks.finished(*f);
                ended = true;
            }
        if (ended || clock::now() - last_tick > std::chrono::seconds(1)) {
            hooks.tick();
            last_tick = clock::now();
        }
    }
    hooks.tick();
    return *stopping;
}

} // namespace hornet::sweep
