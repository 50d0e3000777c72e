// SPDX-License-Identifier: MIT
#pragma once
/// Drug concentrations at the receptors, the link between pharmacokinetics (minutes to months)
/// and the step kernels (0.1 ms). The simulator reads a DrugTimeCourse once per exchange slice
/// (at most 16 steps, 1.6 ms at dt = 0.1 ms); plasma ketamine changes over minutes, so the
/// concentration is constant within a slice to far better than any of its sources' accuracy.
namespace hornet {

/// Free drug concentrations at the NMDA receptors.
struct DrugLevels {
    double ketamine_uM = 0.0;    // [uM]
    double norketamine_uM = 0.0; // [uM]

    friend bool operator==(const DrugLevels&, const DrugLevels&) = default;
};

/// A concentration time course. The simulator calls `at` from one thread at a time, with
/// non-decreasing times, so an implementation may keep a cursor and propagate forwards.
class DrugTimeCourse {
public:
    virtual ~DrugTimeCourse() = default;
    virtual DrugLevels at(double t_ms) noexcept = 0;
};

/// The same concentrations at every time (e.g. a bath application in a slice experiment).
class ConstantDrugLevels final : public DrugTimeCourse {
public:
    explicit ConstantDrugLevels(DrugLevels levels) noexcept : levels_(levels) {}
    DrugLevels at(double) noexcept override { return levels_; }

private:
    DrugLevels levels_;
};

} // namespace hornet
