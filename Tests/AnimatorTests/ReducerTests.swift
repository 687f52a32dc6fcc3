import Animator
import ConvModel
import ScenarioFormat
import Testing

/// Exhaustive reducer tests in the style of TCA's TestStore: each action is sent from a known state and the whole
/// resulting state is compared with the expected one.
@Suite struct ReducerTests {
    let last = catalogDeck.slides.count - 1

    @Test func catalogIsTheDeck() {
        #expect(catalogDeck.slides.count >= 16)
        #expect(catalogDeck.slides.map(\.name) == catalogDeck.slides.map(\.name).sorted())
        #expect(index("01") == 0 && index("06") == 5)
    }

    // MARK: Picker

    @Test func pickerMovesClampsAndChooses() {
        var store = TestStore(State())
        #expect(store.state == State(screen: .picker, scenario: 0))
        store.press(.up, .pickerMoved(-1))  // already at the top
        store.press(.down, .pickerMoved(1)) { $0.selected = 1 }
        store.press(.char("j"), .pickerMoved(1)) { $0.selected = 2 }
        store.press(.char("k"), .pickerMoved(-1)) { $0.selected = 1 }
        store.press(.pageDown, .pickerMoved(10)) { $0.selected = 11 }
        store.press(.pageDown, .pickerMoved(10)) { $0.selected = last }  // clamped at the bottom
        store.press(.down, .pickerMoved(1))
        store.press(.home, .pickerMoved(-10_000)) { $0.selected = 0 }
        store.press(.end, .pickerMoved(10_000)) { $0.selected = last }
        store.press(.pageUp, .pickerMoved(-10)) { $0.selected = last - 10 }
        store.send(.pickerMoved(-10_000)) { $0.selected = 0 }
        store.send(.pickerMoved(5)) { $0.selected = 5 }
        // Player actions do nothing in the picker.
        store.send(.stepForwardPressed)
        store.send(.timerTicked)
        store.send(.tabPressed)
        store.send(.outputCellClicked(filter: 0, row: 0, col: 0))
        store.press(.enter, .pickerChosen) {
            $0.screen = .player
            $0.scenario = 5
            $0.view = .conv
        }
        #expect(catalogDeck.slides[store.state.scenario].name == "06-padding-strides")
    }

    @Test func pickerChoosesWithEveryKeyAndOpensTheFirstView() {
        for key in [Key.enter, .char(" "), .right, .char("l")] {
            var store = TestStore(State())
            store.send(.pickerMoved(index("11")), { $0.selected = index("11") })
            store.press(key, .pickerChosen) {
                $0.screen = .player
                $0.scenario = index("11")
                $0.view = .field  // a receptive-field scenario opens in its field view
            }
        }
        var store = TestStore(State())
        store.send(.pickerMoved(index("12"))) { $0.selected = index("12") }
        store.send(.pickerChosen) {
            $0.screen = .player
            $0.scenario = index("12")
            $0.view = .weights
        }
    }

    @Test func pickerClick() {
        var store = TestStore(State())
        store.send(.pickerClicked(row: -1))
        store.send(.pickerClicked(row: last + 1))
        store.send(.pickerClicked(row: index("14"))) {
            $0.screen = .player
            $0.scenario = index("14")
            $0.selected = index("14")
            $0.view = .scatter
        }
        // A picker click means nothing in the player.
        store.send(.pickerClicked(row: 0))
    }

    // MARK: Stepping

    @Test func stepForwardAndBackClampAtBothEnds() {
        var store = TestStore(opened("06"))
        #expect(store.state.step == 0 && store.state.view == .conv && !store.state.playing)
        store.press(.left, .stepBackPressed)  // clamped at the start
        store.press(.backspace, .stepBackPressed)
        store.press(.right, .stepForwardPressed) { $0.step = 1 }
        store.press(.char("l"), .stepForwardPressed) { $0.step = 2 }
        store.press(.down, .stepForwardPressed) { $0.step = 3 }
        store.press(.char("j"), .stepForwardPressed) { $0.step = 4 }
        store.press(.up, .stepBackPressed) { $0.step = 3 }
        store.press(.char("h"), .stepBackPressed) { $0.step = 2 }
        store.press(.char("k"), .stepBackPressed) { $0.step = 1 }
        for s in 2...8 { store.send(.stepForwardPressed) { $0.step = s } }
        store.send(.stepForwardPressed)  // clamped at the end: 9 windows
        store.press(.home, .firstPressed) { $0.step = 0 }
        store.press(.end, .lastPressed) { $0.step = 8 }
        store.press(.char("g"), .firstPressed) { $0.step = 0 }
        store.press(.char("G"), .lastPressed) { $0.step = 8 }
        store.send(.lastPressed)
    }

    @Test func steppingStopsPlaying() {
        var store = TestStore(opened("06"))
        store.send(.playPausePressed) { $0.playing = true }
        store.send(.stepForwardPressed) {
            $0.step = 1
            $0.playing = false
        }
        store.send(.playPausePressed) { $0.playing = true }
        store.send(.stepBackPressed) {
            $0.step = 0
            $0.playing = false
        }
        store.send(.playPausePressed) { $0.playing = true }
        store.send(.lastPressed) {
            $0.step = 8
            $0.playing = false
        }
        store.send(.playPausePressed) {
            $0.step = 0
            $0.playing = true
        }
        store.send(.firstPressed) { $0.playing = false }
    }

    // MARK: Playing

    @Test func playAdvancesOnTicksAndStopsAtTheEnd() {
        var store = TestStore(opened("06"))
        store.send(.timerTicked)  // not playing: a tick does nothing
        store.press(.char(" "), .playPausePressed) { $0.playing = true }
        for s in 1...7 { store.send(.timerTicked) { $0.step = s } }
        store.send(.timerTicked) {
            $0.step = 8
            $0.playing = false
            $0.finished = true
        }  // the last step stops playing, and says so
        store.send(.timerTicked)
        store.send(.playPausePressed) {
            $0.step = 0
            $0.playing = true
            $0.finished = false
        }  // play at the end restarts
        store.send(.timerTicked) { $0.step = 1 }
        store.send(.playPausePressed) { $0.playing = false }  // pause
        store.send(.timerTicked)
        store.send(.playPausePressed) { $0.playing = true }  // resume where it was
        store.send(.timerTicked) { $0.step = 2 }
    }

    @Test func speedIsClamped() {
        var store = TestStore(opened("06"))
        #expect(store.state.speed == 2 && store.state.interval == 800)
        store.press(.char("+"), .fasterPressed) { $0.speed = 3 }
        store.press(.char("="), .fasterPressed) { $0.speed = 4 }
        store.send(.fasterPressed) { $0.speed = 5 }
        store.send(.fasterPressed) { $0.speed = 6 }
        store.send(.fasterPressed)  // fastest
        #expect(store.state.interval == State.speeds.last)
        store.press(.char("-"), .slowerPressed) { $0.speed = 5 }
        store.press(.char("_"), .slowerPressed) { $0.speed = 4 }
        for s in (0...3).reversed() { store.send(.slowerPressed) { $0.speed = s } }
        store.send(.slowerPressed)  // slowest
        #expect(store.state.interval == State.speeds.first)
        #expect(State.speeds == State.speeds.sorted(by: >))
    }

    // MARK: Tab and views

    @Test func tabTogglesTapModeKeepingTheWindow() {
        var store = TestStore(after(opened("06"), Array(repeating: .stepForwardPressed, count: 4)))
        #expect(store.state.step == 4)
        // Window 4 (out[1,1]): tap mode starts at its first tap, 4 × (9 taps + result).
        store.press(.tab, .tabPressed) {
            $0.tapMode = true
            $0.step = 40
        }
        #expect(timeline(store.state).window(at: 40)! == (4, .tap(channel: 0, index: 0)))
        store.send(.stepForwardPressed) { $0.step = 41 }
        store.send(.tabPressed) {
            $0.tapMode = false
            $0.step = 4
        }  // back to the window's whole step
        store.send(.tabPressed) {
            $0.tapMode = true
            $0.step = 40
        }
        store.send(.lastPressed) { $0.step = 89 }
        #expect(timeline(store.state).window(at: 89)! == (8, .bias))
        store.send(.stepBackPressed) { $0.step = 88 }
        store.send(.tabPressed) {
            $0.tapMode = false
            $0.step = 8
        }
        // The weight-sharing view has taps too.
        store.send(.viewCyclePressed) { $0.view = .weights }
        store.send(.tabPressed) {
            $0.tapMode = true
            $0.step = 80
        }
        store.send(.viewCyclePressed) {
            $0.view = .im2col
            $0.step = 8
            $0.tapMode = false
        }  // the same window: the im2col view has one step per output cell and no taps
        // Its Tab ("next view" on its key bar: no related view among a direct convolution's) goes on as `v` does.
        store.press(.tab, .tabPressed) { $0.view = .matrix }  // the same output cell; the matrix view starts forward
        store.send(.viewCyclePressed) { $0.view = .conv }  // same window, whole
    }

    /// Cycling the views of 16 (two filters) from a stamp of filter 1 comes back to it: the checkerboard, whose
    /// steps name no filter, passes on the filter it was reached from (it came back on filter 0 before).
    @Test func cyclingThroughTheCheckerboardKeepsTheFilter() {
        var s = after(opened("16"), Array(repeating: .stepForwardPressed, count: 6))
        #expect(s.view == .scatter && s.step == 6)
        #expect(render(s, deck: catalogDeck, width: 100, height: 30).text.contains("scatter 4×4 f1"))
        var seen: [LensName] = []
        repeat {
            s = reduce(s, .viewCyclePressed, deck: catalogDeck).state
            seen.append(s.view)
        } while s.view != .scatter && seen.count < 8
        #expect(seen.contains(.checkerboard) && s.view == .scatter)
        #expect(s.step == 6, "came back at step \(s.step + 1)")
        #expect(render(s, deck: catalogDeck, width: 100, height: 30).text.contains("scatter 4×4 f1"))
    }

    @Test func tabInMultiChannelGoesToTheWindowsFirstTap() {
        var store = TestStore(
            after(
                opened("09"),
                [
                    .stepForwardPressed, .stepForwardPressed, .stepForwardPressed,
                    .stepForwardPressed, .stepForwardPressed, .stepForwardPressed,
                ]))
        #expect(timeline(store.state).window(at: 6)! == (1, .channel(1)))
        // 9 windows × (3 channels × 9 taps + merge + bias).
        store.send(.tabPressed) {
            $0.tapMode = true
            $0.step = 29
        }
        #expect(timeline(store.state).window(at: 29)! == (1, .tap(channel: 0, index: 0)))
        store.send(.tabPressed) {
            $0.tapMode = false
            $0.step = 9
        }  // window 1's bias step
        #expect(timeline(store.state).window(at: 9)! == (1, .bias))
    }

    @Test func tabSwitchesScatterAndUpsample() {
        var store = TestStore(opened("14"))
        #expect(store.state.view == .scatter)
        #expect(catalogDeck.slides[index("14")].views == [.scatter, .upsample, .matrix, .checkerboard])
        store.send(.tabPressed) { $0.view = .upsample }
        store.send(.tabPressed) {
            $0.view = .checkerboard
            $0.step = 0
        }
        store.send(.tabPressed) { $0.view = .scatter }
        store.send(.tabPressed) { $0.view = .upsample }
        store.send(.lastPressed) { $0.step = 24 }  // 5×5 output windows
        store.send(.tabPressed) {
            $0.view = .checkerboard
            $0.step = 9
        }  // the checkerboard's summary
        store.press(.char("v"), .viewCyclePressed) {
            $0.view = .scatter
            $0.step = 9
        }  // the end stays the end
        store.press(.char("v"), .viewCyclePressed) {
            $0.view = .upsample
            $0.step = 24
        }
        store.press(.backTab, .viewCyclePressed) { $0.view = .matrix }  // 25 output cells, the end stays the end
        // Tab in the matrix view: the backward pass, one step per input cell (9); the end stays the end.
        store.send(.tabPressed) {
            $0.tapMode = true
            $0.step = 8
        }
        store.send(.tabPressed) { $0.tapMode = false }
        store.send(.lastPressed) { $0.step = 24 }
        store.send(.viewCyclePressed) {
            $0.view = .checkerboard
            $0.step = 9
        }
        store.send(.tabPressed) { $0.view = .scatter }
        store.send(.firstPressed) { $0.step = 0 }
        store.send(.stepForwardPressed) { $0.step = 1 }
        // Mid-way: the same output cell. Stamp 1 (input [0,1]) first adds to output [0,1]: upsample window 1.
        store.send(.tabPressed) {
            $0.view = .upsample
            $0.step = 1
        }
        // And back: output [2,2] is buffer [3,3] (padding 1), which only input [1,1] reaches (2·1 + 1 = 3 with
        // stride 2 and tap 1): its stamp, step 5 (index 4), completes the cell.
        store.send(.outputCellClicked(filter: 0, row: 2, col: 2)) { $0.step = 12 }
        store.send(.tabPressed) {
            $0.view = .checkerboard
            $0.step = 4
        }  // the checkerboard keeps the place the same way
        store.send(.tabPressed) { $0.view = .scatter }
        // Tap mode never changes in a transposed scenario.
        #expect(!store.state.tapMode)
    }

    @Test func viewCycleOnReceptiveField() {
        var store = TestStore(opened("11"))
        #expect(catalogDeck.slides[index("11")].views == [.field, .conv, .weights, .im2col, .matrix])
        #expect(store.state.view == .field)
        store.send(.stepForwardPressed) { $0.step = 1 }
        store.press(.char("v"), .viewCyclePressed) {
            $0.view = .conv
            $0.step = 0
        }  // mid-way: start over
        store.send(.stepForwardPressed) { $0.step = 1 }
        store.send(.stepForwardPressed) { $0.step = 2 }
        store.send(.viewCyclePressed) { $0.view = .weights }  // same window
        store.send(.viewCyclePressed) { $0.view = .im2col }  // same window: one step per output cell
        store.send(.viewCyclePressed) { $0.view = .matrix }  // the same output cell
        store.send(.viewCyclePressed) {
            $0.view = .field
            $0.step = 0
        }  // layers start over
        store.send(.lastPressed) { $0.step = 2 }  // 3 layers
        store.send(.stepForwardPressed)
        store.press(.char("v"), .viewCyclePressed) {
            $0.view = .conv
            $0.step = 8
        }  // from the end to the end
        #expect(store.state.step == 8)
    }

    /// Tab in the field view swaps which stack is in front and keeps the step; `v` still changes the view, and
    /// the comparison stack is not in front when the field view is opened again.
    @Test func tabSwapsTheStacks() {
        var store = TestStore(opened("11"))
        store.send(.stepForwardPressed) { $0.step = 1 }
        store.press(.tab, .tabPressed) { $0.tapMode = true }
        store.send(.stepForwardPressed) { $0.step = 2 }
        store.press(.tab, .tabPressed) { $0.tapMode = false }
        store.send(.tabPressed) { $0.tapMode = true }
        store.send(.viewCyclePressed) {
            $0.view = .conv
            $0.step = 8
            $0.tapMode = false
        }
        store.send(.tabPressed) {
            $0.tapMode = true
            $0.step = 80
        }  // taps in the conv view: the last window's first tap
        store.send(.viewCyclePressed) {
            $0.view = .weights
            $0.step = 89
        }  // taps carry over to the weights view
        store.send(.viewCyclePressed) {
            $0.view = .im2col
            $0.step = 8
            $0.tapMode = false
        }  // the end stays the end: im2col has one step per output cell
        store.send(.viewCyclePressed) { $0.view = .matrix }
        store.send(.viewCyclePressed) {
            $0.view = .field
            $0.step = 2
        }
    }

    @Test func viewCycleOnWeightSharing() {
        var store = TestStore(opened("12"))
        #expect(store.state.view == .weights)
        store.send(.lastPressed) { $0.step = 31 }  // 2 filters × 4×4
        store.send(.viewCyclePressed) {
            $0.view = .conv
            $0.viewFilter = 1  // the last output cell is filter 1's
        }
        store.send(.viewCyclePressed) { $0.view = .im2col }
        store.send(.viewCyclePressed) { $0.view = .matrix }
        store.send(.viewCyclePressed) { $0.view = .weights }
    }

    // MARK: Scenarios, picker, help, quit

    @Test func nextAndPreviousWrapAndReset() {
        var store = TestStore(
            after(opened("16"), [.tabPressed, .stepForwardPressed, .stepForwardPressed, .playPausePressed]))
        #expect(
            store.state
                == {
                    var s = State(screen: .player, scenario: index("16"))
                    s.view = .upsample
                    s.step = after(opened("16"), [.tabPressed]).step + 2
                    s.playing = true
                    return s
                }())
        let next = (index("16") + 1) % catalogDeck.slides.count
        store.press(.char("n"), .nextScenarioPressed) {
            $0.scenario = next
            $0.selected = next
            $0.view = catalogDeck.slides[next].views[0]
            $0.step = 0
            $0.playing = false
        }
        store.press(.char("p"), .previousScenarioPressed) {
            $0.scenario = index("16")
            $0.selected = index("16")
            $0.view = .scatter
        }
        store.send(.previousScenarioPressed) {
            $0.scenario = index("15")
            $0.selected = index("15")
        }
        store.send(.nextScenarioPressed) {
            $0.scenario = index("16")
            $0.selected = index("16")
        }
        // The last scenario wraps to the first and back, whatever the catalog's size.
        let lastView = catalogDeck.slides[last].views[0]
        store = TestStore(opened(String(catalogDeck.slides[last].name.prefix(2))))
        store.send(.nextScenarioPressed) {
            $0.scenario = 0
            $0.selected = 0
            $0.view = .conv
        }
        store.send(.previousScenarioPressed) {
            $0.scenario = last
            $0.selected = last
            $0.view = lastView
        }
        // From 10 to 11: the new scenario opens in its own first view, at step 0.
        store = TestStore(after(opened("10"), [.lastPressed]))
        store.send(.nextScenarioPressed) {
            $0.scenario = index("11")
            $0.selected = index("11")
            $0.view = .field
            $0.step = 0
        }
    }

    @Test func menuReturnsToThePickerOnTheCurrentScenario() {
        var store = TestStore(
            after(opened("06"), [.stepForwardPressed, .nextScenarioPressed, .stepForwardPressed, .playPausePressed]))
        #expect(store.state.scenario == index("07") && store.state.playing)
        store.press(.char("m"), .pickerPressed) {
            $0.screen = .picker
            $0.playing = false
        }
        #expect(store.state.selected == index("07"))
        store.send(.timerTicked)
        store.press(.down, .pickerMoved(1)) { $0.selected = index("08") }
        store.press(.enter, .pickerChosen) {
            $0.screen = .player
            $0.scenario = index("08")
            $0.step = 0
        }
    }

    @Test func helpOpensAndAnyKeyClosesIt() {
        var store = TestStore(after(opened("06"), [.stepForwardPressed]))
        store.press(.char("?"), .helpPressed) { $0.help = true }
        store.press(.char("?"), .helpPressed) { $0.help = false }
        store.send(.helpPressed) { $0.help = true }
        store.press(.escape, .helpPressed) { $0.help = false }  // Esc closes help instead of quitting
        store.send(.playPausePressed) { $0.playing = true }
        store.send(.helpPressed) { $0.help = true }
        store.send(.timerTicked) { $0.step = 2 }  // playing goes on under the help
        store.press(.char("q"), .quitPressed)  // quit works from the help
        #expect(store.effects == [.quit])
        // In the picker too.
        store = TestStore(State())
        store.send(.helpPressed) { $0.help = true }
        store.send(.helpPressed) { $0.help = false }
    }

    /// Help opens and the next key only closes it.
    @Test func theKeyThatClosesHelpDoesNothingElse() {
        var store = TestStore(after(opened("06"), [.stepForwardPressed, .helpPressed]))
        store.send(.stepForwardPressed) { $0.help = false }
        store.send(.helpPressed) { $0.help = true }
        store.send(.nextScenarioPressed) { $0.help = false }
    }

    @Test func languageToggles() {
        var store = TestStore(opened("06"))
        store.press(.char("L"), .languagePressed) { $0.language = .zh }
        store.send(.languagePressed) { $0.language = .en }
        store = TestStore(State(language: .zh))
        store.send(.languagePressed) { $0.language = .en }
    }

    @Test func quitKeys() {
        for base in [State(), opened("06"), opened("14")] {
            for key in [Key.char("q"), .char("Q"), .escape, .ctrlC] {
                var store = TestStore(base)
                store.press(key, .quitPressed)
                #expect(store.effects == [.quit])
            }
        }
        #expect(action(for: .resize, in: opened("06")) == nil)
        #expect(action(for: .char("x"), in: State()) == nil)
        #expect(action(for: .tab, in: State()) == nil)
    }

    @Test func ctrlZSuspendsAndChangesNothing() {
        var playing = opened("06")
        playing.step = 3
        playing.playing = true
        var help = opened("14")
        help.help = true
        for base in [State(), opened("06"), playing, help] {
            var store = TestStore(base)
            store.press(.ctrlZ, .suspendPressed)  // the state stays as it was: `fg` redraws the same screen
            #expect(store.effects == [.suspend])
        }
        #expect(Key(name: "C-z") == .ctrlZ && Key(name: "ctrl-z") == .ctrlZ)
    }

    @Test func emptyDeckQuits() {
        var store = TestStore(State(), deck: Deck([]))
        store.send(.pickerChosen)
        #expect(store.effects == [.quit])
    }

    // MARK: Timelines and clicks

    @Test func timelineCounts() {
        func count(_ prefix: String, _ view: LensName, tap: Bool = false) -> Int {
            Timeline.make(catalogDeck.slides[index(prefix)], view: view, tapMode: tap).count
        }
        #expect(count("06", .conv) == 9)
        #expect(count("06", .conv, tap: true) == 90)  // 9 × (9 taps + result)
        #expect(count("06", .weights) == 9)
        #expect(count("09", .conv) == 45)  // 9 × (3 channels + merge + bias)
        #expect(count("09", .conv, tap: true) == 9 * (3 * 9 + 2))
        #expect(count("10", .conv) == 12 * 4)  // 3 filters × 2×2, 2 channels + merge + bias
        #expect(count("14", .scatter) == 10)  // 9 stamps + the final crop
        #expect(count("14", .upsample) == 25)
        #expect(count("11", .field) == 3)
        #expect(count("11", .conv) == 9)

        let t = Timeline.make(catalogDeck.slides[index("09")], view: .conv, tapMode: false)
        #expect(t.window(at: 0)! == (0, .channel(0)))
        #expect(t.window(at: 3)! == (0, .merge))
        #expect(t.window(at: 4)! == (0, .bias))
        #expect(t.window(at: 44)! == (8, .bias))
        #expect(t.step(window: 2) == 10 && t.step(window: 2, end: true) == 14)
        let s = Timeline.make(catalogDeck.slides[index("14")], view: .scatter, tapMode: false)
        #expect(s.window(at: 3) == nil)
    }

    /// The End key lands on the last step of every view of every scenario.
    @Test func endReachesTheTimelineCount() {
        for (i, slide) in catalogDeck.slides.enumerated() {
            for view in slide.views {
                var s = reduce(State(), .pickerClicked(row: i), deck: catalogDeck).state
                s.view = view
                s = reduce(s, .lastPressed, deck: catalogDeck).state
                #expect(s.step == Timeline.make(slide, view: view, tapMode: false).count - 1, "\(slide.name) \(view)")
            }
        }
    }

    @Test func clickingAnOutputCellJumpsToItsLastPhase() {
        var store = TestStore(opened("06"))
        store.send(.outputCellClicked(filter: 0, row: 1, col: 1)) { $0.step = 4 }
        store.send(.outputCellClicked(filter: 0, row: 3, col: 0))  // outside the 3×3 output
        store.send(.outputCellClicked(filter: 1, row: 0, col: 0))  // no such filter
        store.send(.playPausePressed) { $0.playing = true }
        store.send(.outputCellClicked(filter: 0, row: 2, col: 2)) {
            $0.step = 8
            $0.playing = false
        }
        store.send(.tabPressed) {
            $0.tapMode = true
            $0.step = 80
        }
        store.send(.outputCellClicked(filter: 0, row: 1, col: 1)) { $0.step = 49 }  // window 4's result
        #expect(timeline(store.state).window(at: 49)! == (4, .bias))

        store = TestStore(opened("09"))
        store.send(.outputCellClicked(filter: 0, row: 2, col: 2)) { $0.step = 44 }  // the bias of the last window
        store.send(.outputCellClicked(filter: 0, row: 0, col: 1)) { $0.step = 9 }

        store = TestStore(opened("10"))  // 3 filters of 2×2
        store.send(.outputCellClicked(filter: 2, row: 1, col: 0)) { $0.step = ((2 * 2 + 1) * 2 + 0) * 4 + 3 }

        store = TestStore(opened("14"))
        store.send(.outputCellClicked(filter: 0, row: 0, col: 0))  // scatter: the stamp that completes it, the first
        store.send(.tabPressed) { $0.view = .upsample }
        store.send(.outputCellClicked(filter: 0, row: 4, col: 4)) { $0.step = 24 }

        store = TestStore(opened("11"))
        store.send(.outputCellClicked(filter: 0, row: 0, col: 0))  // field view
    }

    /// Clicks on the screen: every output cell of 06 maps to its own click action, and picker rows to theirs.
    @Test func hitMapFindsOutputCellsAndPickerRows() {
        let (canvas, hits) = renderWithHits(opened("06"), deck: catalogDeck, width: 80, height: 24)
        var found: Set<[Int]> = []
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                if case .outputCellClicked(let f, let r, let c) = hits.action(x: x, y: y) { found.insert([f, r, c]) }
            }
        }
        #expect(found == Set((0..<3).flatMap { r in (0..<3).map { [0, r, $0] } }))

        let picker = renderWithHits(State(), deck: catalogDeck, width: 80, height: 24)
        let rows = (0..<24).compactMap { y -> Int? in
            if case .pickerClicked(let row) = picker.hits.action(x: 10, y: y) { return row }
            return nil
        }
        #expect(rows.first == 0 && rows == Array(0..<rows.count) && rows.count >= 10)
    }
}
