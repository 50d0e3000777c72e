// SPDX-License-Identifier: MIT
// [[stimuli]] and plastic projections in scenario files: what is read, and the errors, each
// naming file, line and key.
#include "test_scenario_support.hpp"

using namespace hornet;
using namespace hornet::io::testing;

namespace {

/// Afferent C fibres onto lif_cond neurons; text appended starts on line 16.
constexpr std::string_view circuit = R"([simulation]
duration = "100 ms"

[[populations]]
name = "c_fibres"
model = "afferent"
size = 20

[[populations]]
name = "wdr"
model = "lif_cond"
size = 10
params = { E_L = "-65 mV" }


)";

std::string with(std::string_view more) { return std::string(circuit) + std::string(more); }

constexpr std::string_view c_to_wdr = R"(
[[projections]]
name = "c_to_wdr"
source = "c_fibres"
target = "wdr"
receptor = ["ampa", "nmda"]
weight = ["1 nS", "0.5 nS"]
delay = "10 ms"
connectivity = { rule = "fixed_probability", p = 0.2 }
)";

} // namespace

TEST(ScenarioStimuli, ReadsProtocolsTargetsAndRecruitment) {
    const Scenario s = parse(with(R"([[stimuli]]
name = "windup"
protocol = "pulses"
target = "c_fibres"
recruit = 0.8
count = 16
frequency = "1 Hz"
start = "2 s"

[[stimuli]]
name = "conditioning"
protocol = "hfs"
targets = ["c_fibres"]
)"));
    ASSERT_EQ(s.stimuli.size(), 2u);
    EXPECT_EQ(s.stimuli[0].protocol, "pulses");
    EXPECT_EQ(s.stimuli[0].targets, (std::vector<std::string>{"c_fibres"}));
    EXPECT_EQ(s.stimuli[0].recruited, (std::vector<double>{0.8}));
    EXPECT_EQ(s.stimuli[0].params.at("frequency"), 1.0);
    EXPECT_EQ(s.stimuli[0].params.at("start"), 2000.0);
    EXPECT_EQ(s.stimuli[1].recruited, (std::vector<double>{1.0}));
    EXPECT_TRUE(s.stimuli[1].params.empty()); // the protocol's defaults apply
}

TEST(ScenarioStimuli, ErrorsNameLineAndKey) {
    EXPECT_TRUE(contains(only_error(with("[[stimuli]]\nname = \"x\"\nprotocol = \"pulse\"\n"
                                         "target = \"c_fibres\"\n")),
                         "test.toml:18:12: stimuli.x.protocol: unknown stimulus protocol "
                         "\"pulse\" (hint: did you mean \"pulses\"?"));
    EXPECT_TRUE(contains(only_error(with("[[stimuli]]\nname = \"x\"\nprotocol = \"pulses\"\n"
                                         "target = \"wdr\"\n")),
                         "test.toml:19:10: stimuli.x.target: population \"wdr\" is of model "
                         "lif_cond, which a stimulus cannot drive"));
    EXPECT_TRUE(contains(only_error(with("[[stimuli]]\nname = \"x\"\nprotocol = \"pulses\"\n"
                                         "target = \"c_fibres\"\nforce = \"1 mN\"\n")),
                         "stimuli.x.force: unknown key \"force\""));
    EXPECT_TRUE(contains(
        only_error(with("[[stimuli]]\nname = \"x\"\nprotocol = \"mechanical\"\n"
                        "target = \"c_fibres\"\nforce = \"1 N\"\n")),
        "test.toml:20:9: stimuli.x.force: 1000 mN is out of bounds; must be in [0, 400] mN"));
    EXPECT_TRUE(contains(only_error(with("[[stimuli]]\nname = \"x\"\nprotocol = \"pulses\"\n"
                                         "target = \"c_fibres\"\ncount = 2.5\n")),
                         "count and trains must be whole numbers"));
}

TEST(ScenarioStimuli, PlasticProjectionsTakeARuleAParameterSetAndOverrides) {
    const Scenario s = parse(with(std::string(c_to_wdr) +
                                  "plasticity = { rule = \"graupner_brunel\", parameter_set = "
                                  "\"cortical\", tau = \"100 s\" }\n"));
    ASSERT_EQ(s.network.projections.size(), 2u);
    for (const auto& p : s.network.projections) {
        EXPECT_EQ(p.group, "c_to_wdr");
        EXPECT_EQ(p.plasticity.rule, "graupner_brunel");
        EXPECT_EQ(p.plasticity.params.at("tau"), 100000.0);           // [ms], overridden
        EXPECT_NEAR(p.plasticity.params.at("tau_ca"), 22.6936, 1e-9); // cortical set [S53]
    }
    const Scenario plain = parse(with(std::string(c_to_wdr) + "plasticity = \"shouval\"\n"));
    EXPECT_EQ(plain.network.projections[0].plasticity.rule, "shouval");
    EXPECT_TRUE(plain.network.projections[0].plasticity.params.empty());
}

TEST(ScenarioStimuli, PlasticityErrorsNameTheKey) {
    EXPECT_TRUE(contains(only_error(with(std::string(c_to_wdr) + "plasticity = \"graupner\"\n")),
                         "test.toml:25:14: projections.c_to_wdr.plasticity: unknown plasticity "
                         "rule \"graupner\" (hint: did you mean \"graupner_brunel\"?"));
    EXPECT_TRUE(contains(
        only_error(with(std::string(c_to_wdr) +
                        "plasticity = { rule = \"graupner_brunel\", parameter_set = \"dpp\" }\n")),
        "unknown parameter set of graupner_brunel \"dpp\" (hint: did you mean \"dp\"?"));
    EXPECT_TRUE(
        contains(only_error(with(std::string(c_to_wdr) +
                                 "plasticity = { rule = \"graupner_brunel\", tua = \"1 s\" }\n")),
                 "unknown parameter \"tua\" of rule graupner_brunel (hint: did you mean \"tau\"?"));
}

// [recording] plasticity_full names plastic projections only.
TEST(ScenarioStimuli, PlasticityFullNamesPlasticProjections) {
    const std::string plastic = std::string(c_to_wdr) + "plasticity = \"graupner_brunel\"\n";
    const Scenario s = parse(with(plastic + "[recording]\nplasticity_full = [\"c_to_wdr\"]\n"));
    EXPECT_EQ(s.recording.plasticity_full, (std::vector<std::string>{"c_to_wdr"}));
    EXPECT_TRUE(contains(
        only_error(with(plastic + "[recording]\nplasticity_full = [\"c_to_wd\"]\n")),
        "recording.plasticity_full[0]: unknown plastic projection \"c_to_wd\" (hint: did you "
        "mean \"c_to_wdr\"?"));
    EXPECT_TRUE(contains(
        only_error(with(std::string(c_to_wdr) + "[recording]\nplasticity_full = [\"c_to_wdr\"]\n")),
        "no projection is plastic"));
}
