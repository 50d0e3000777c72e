// SPDX-License-Identifier: MIT
#include "hornet/core/error.hpp"
#include "hornet/core/units.hpp"

#include <gtest/gtest.h>

using hornet::quantity_in;

TEST(Units, ConvertsToCanonicalUnits) {
    EXPECT_DOUBLE_EQ(quantity_in("20 ms", "ms"), 20.0);
    EXPECT_DOUBLE_EQ(quantity_in("1 s", "ms"), 1000.0);
    EXPECT_DOUBLE_EQ(quantity_in("-60 mV", "mV"), -60.0);
    EXPECT_DOUBLE_EQ(quantity_in("0.06 V", "mV"), 60.0);
    EXPECT_DOUBLE_EQ(quantity_in("0.6 nS", "nS"), 0.6);
    EXPECT_DOUBLE_EQ(quantity_in("1 uS", "nS"), 1000.0);
    EXPECT_DOUBLE_EQ(quantity_in("200 pF", "pF"), 200.0);
    EXPECT_DOUBLE_EQ(quantity_in("0.2 nF", "pF"), 200.0);
    EXPECT_DOUBLE_EQ(quantity_in("5 Hz", "Hz"), 5.0);
    EXPECT_DOUBLE_EQ(quantity_in("5 Hz", "1/ms"), 0.005);
    EXPECT_DOUBLE_EQ(quantity_in("2 day", "h"), 48.0);
    EXPECT_DOUBLE_EQ(quantity_in("1 mM", "uM"), 1000.0);
    EXPECT_NEAR(quantity_in("1 GOhm", "MOhm"), 1000.0, 1e-9);
    EXPECT_NEAR(quantity_in("10 nS", "1/GOhm"), 10.0, 1e-12); // nS = 1/GOhm
    EXPECT_DOUBLE_EQ(quantity_in("0.02", "1"), 0.02);
    EXPECT_DOUBLE_EQ(quantity_in("+1e3 ms", "s"), 1.0);
    EXPECT_DOUBLE_EQ(quantity_in("0.4 N", "mN"), 400.0); // mechanical stimuli
    EXPECT_DOUBLE_EQ(quantity_in("1 kg*m/s^2", "N"), 1.0);
}

TEST(Units, CompoundUnitsMultiplyAndDivideLeftToRight) {
    EXPECT_NEAR(quantity_in("0.5 mg/kg/h", "mg/kg/min"), 0.5 / 60.0, 1e-15);
    EXPECT_NEAR(quantity_in("1 um^2", "m^2"), 1e-12, 1e-27);
    EXPECT_NEAR(quantity_in("3 mV*ms", "V*s"), 3e-6, 1e-20);
}

TEST(Units, WrongDimensionNamesBothDimensions) {
    try {
        quantity_in("20 mV", "ms");
        FAIL() << "expected UnitError";
    } catch (const hornet::UnitError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("voltage"), std::string::npos) << m;
        EXPECT_NE(m.find("time"), std::string::npos) << m;
    }
}

TEST(Units, MissingUnitIsAnErrorForDimensionedTargets) {
    try {
        quantity_in("20", "ms");
        FAIL() << "expected UnitError";
    } catch (const hornet::UnitError& e) {
        EXPECT_NE(std::string(e.what()).find("missing unit"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("ms"), std::string::npos) << e.what();
    }
}

TEST(Units, UnknownUnitAndGarbageAreErrors) {
    EXPECT_THROW(quantity_in("20 mss", "ms"), hornet::UnitError);
    EXPECT_THROW(quantity_in("fast", "ms"), hornet::UnitError);
    EXPECT_THROW(quantity_in("1 m/", "m"), hornet::UnitError);
    EXPECT_THROW(quantity_in("nan ms", "ms"), hornet::UnitError);
}

TEST(Units, DimensionNamesAreReadable) {
    EXPECT_EQ(hornet::dimension_name(hornet::parse_unit("nS").dimension), "conductance");
    EXPECT_EQ(hornet::dimension_name(hornet::parse_unit("pF").dimension), "capacitance");
    EXPECT_EQ(hornet::dimension_name(hornet::parse_unit("Hz").dimension), "frequency");
}
