import ConvModel
import ScenarioFormat

/// The parameter panel (`e`): the parameters a student is trying, the last legal ones (drawn), the row chosen and
/// which axis ←/→ change. Values only: stepping back and forth through edits restores the same screens.
public struct Edit: Equatable, Sendable {
    /// One row of the panel.
    public enum Row: Int, CaseIterable, Sendable {
        case op, channels, input, filters, kernel, stride, padding, paddingMode, dilation, outputPadding
    }

    /// Which axes ←/→ change on a row with a height and a width.
    public enum Axis: Int, CaseIterable, Sendable {
        case both, height, width

        /// `a`: both axes, then the height only, then the width only, then both again.
        var next: Axis { Axis(rawValue: (rawValue + 1) % Axis.allCases.count) ?? .both }
    }

    /// What the student set; may break a rule.
    public var parameters: Parameters
    /// The last legal parameters: what the screen draws.
    public var shown: Parameters
    public var row: Row = .stride
    public var axis: Axis = .both
    /// The panel's last rows show the PyTorch call (`c`) instead of the paper's relationship.
    public var showsCode = false
    /// `w`: the file name being typed; nil when not saving.
    public var saving: SaveDialog?
    /// What the last save did, shown until the next key of the panel.
    public var saveMessage: SaveResult?
    /// `o`: solving for the parameters that give a wanted output size; nil when not solving.
    public var solving: Solving?
    /// Where the student was when the edits began: the output cell and how many steps before its end. Every edit
    /// goes back to it when the cell exists, so an edit undone restores the very same step even when the cell
    /// vanished in between.
    public var anchor: Anchor?
    /// The view a change of layer had to leave (the new layer has not got it), with its step and tap mode: a later
    /// change to a layer that has it returns there (`t t` from im2col comes back to im2col, on the same step; on
    /// the same output cell when the layer was edited in between).
    public var leftView: LeftView?

    /// A view left, and where in it: the step of the layer it was left in, and its output cell.
    public struct LeftView: Equatable, Sendable {
        public let view: LensName
        public let step: Int
        public let tapMode: Bool
        public let parameters: Parameters
        public let anchor: Anchor?
    }

    /// An output cell and how many steps before the end of that cell.
    public struct Anchor: Equatable, Sendable {
        public let cell: OutputCell
        public let offset: Int

        public init(cell: OutputCell, offset: Int) {
            self.cell = cell
            self.offset = offset
        }
    }

    public init(_ p: Parameters) {
        parameters = p
        shown = p
    }

    /// The rule the set parameters break, if any.
    public var problem: GeometryError? {
        do {
            _ = try parameters.check()
            return nil
        } catch {
            return error
        }
    }

    /// The parameters with the chosen row moved by `delta` (on the chosen axes); sizes stay at least 1 and
    /// paddings at least 0, everything else is for the rules to judge.
    public func moved(_ delta: Int) -> Parameters {
        moved(row, delta)
    }

    func moved(_ row: Row, _ delta: Int) -> Parameters {
        var p = parameters
        func pair(_ v: Pair, min: Int) -> Pair {
            var v = v
            if axis != .width { v.h = Swift.max(min, v.h + delta) }
            if axis != .height { v.w = Swift.max(min, v.w + delta) }
            return v
        }
        switch row {
        case .op: p.op = p.op == .conv ? .transposed : .conv
        case .channels: p.channels = max(1, p.channels + delta)
        case .input: p.inputSize = pair(p.inputSize, min: 1)
        case .filters: p.filters = max(1, p.filters + delta)
        case .kernel: p.kernelSize = pair(p.kernelSize, min: 1)
        case .stride: p.stride = pair(p.stride, min: 1)
        case .padding:
            // Numbers start from what the mode worked out.
            if p.paddingMode != .explicit, let resolved = try? p.resolvedPadding() { p.padding = resolved.leading }
            p.paddingMode = .explicit
            p.padding = pair(p.padding, min: 0)
        case .paddingMode:
            let modes: [PaddingMode] = [.explicit, .valid, .same, .full]
            let i = modes.firstIndex(of: p.paddingMode) ?? 0
            p.paddingMode = modes[((i + delta) % modes.count + modes.count) % modes.count]
        case .dilation: p.dilation = pair(p.dilation, min: 1)
        case .outputPadding where p.op.scatters: p.outputPadding = pair(p.outputPadding, min: 0)
        case .outputPadding: break  // a direct convolution has none
        }
        return p
    }

    /// The nearest legal value of the chosen row, found by moving it step by step both ways (others fixed):
    /// the parameters and the distance, or nil when none is within reach.
    public var nearestLegal: Parameters? {
        guard problem != nil else { return nil }
        for distance in 1...64 {
            for sign in [-1, 1] {
                var e = self
                e.parameters = e.moved(row, sign * distance)
                if e.parameters != parameters && e.problem == nil { return e.parameters }
            }
        }
        return nil
    }
}

/// The solver in the panel: the output size wanted (←/→ change it) and the setting chosen (↑/↓); Enter applies it.
public struct Solving: Equatable, Sendable {
    public var wanted: Pair
    public var choice = 0

    public init(wanted: Pair, choice: Int = 0) {
        self.wanted = wanted
        self.choice = choice
    }
}

extension Parameters {
    /// Every small (stride, padding, dilation, output padding) that takes this input to `wanted` with this kernel
    /// and op, the same on both axes (`Solver`, simplest first), as parameters to apply.
    public func solutions(for wanted: Pair) -> [Parameters] {
        let rows = Solver.solve(op: op, input: inputSize.h, output: wanted.h, kernel: kernelSize.h)
        let cols = Solver.solve(op: op, input: inputSize.w, output: wanted.w, kernel: kernelSize.w)
        func same(_ a: Solver.Solution, _ b: Solver.Solution) -> Bool {
            (a.stride, a.padding, a.dilation, a.outputPadding) == (b.stride, b.padding, b.dilation, b.outputPadding)
        }
        return rows.filter { r in cols.contains { same(r, $0) } }.map { r in
            var p = self
            p.stride = Pair(both: r.stride)
            p.paddingMode = .explicit
            p.padding = Pair(both: r.padding)
            p.dilation = Pair(both: r.dilation)
            p.outputPadding = Pair(both: r.outputPadding)
            return p
        }
    }
}

/// The solver's keys: ←/→ the wanted size (both axes, or the one `a` chose), ↑/↓ a setting, Enter applies it, Esc
/// (or `o`) leaves the solver.
private func reduceSolving(_ state: State, _ action: Action, solving: Solving, deck: Deck) -> State {
    var s = state
    guard let edit = s.edit else { return s }
    var v = solving
    let count = edit.parameters.solutions(for: v.wanted).count
    switch action {
    case .editorRowMoved(let d): v.choice = max(0, min(max(0, count - 1), v.choice + d))
    case .editorValueChanged(let d):
        if edit.axis != .width { v.wanted.h = max(1, v.wanted.h + d) }
        if edit.axis != .height { v.wanted.w = max(1, v.wanted.w + d) }
        v.choice = 0
    case .editorAxisPressed:
        s.edit?.axis = edit.axis.next
    case .solveApplied:
        let found = edit.parameters.solutions(for: v.wanted)
        guard found.indices.contains(v.choice) else { break }
        s.edit?.solving = nil
        return applying(found[v.choice], to: s, deck: deck)
    case .editPressed, .solvePressed:
        s.edit?.solving = nil
        return s
    case .helpPressed: s.help = true
    default: break
    }
    s.edit?.solving = v
    return s
}

/// Saving the setup drawn as a scenario file: the name typed so far, and whether Enter now replaces an existing
/// file (after a first Enter found one).
public struct SaveDialog: Equatable, Sendable {
    public var name = ""
    public var replace = false

    public init(name: String = "", replace: Bool = false) {
        self.name = name
        self.replace = replace
    }
}

/// What a save did (the loop writes the file and reports back). A failure keeps the error, said in the language
/// of the frame that shows it.
public enum SaveResult: Equatable, Sendable {
    case saved(String)
    case exists(String)
    case failed(ScenarioError)
    /// No scenario is shown (nothing was written, so no file to name).
    case nothingToSave
}

/// Writes the scenario the player shows for `state` to `name` (atomically; an existing file only when `replace`),
/// its title marked as edited, so that `convlens play NAME` reopens the same screen.
func saveScenario(_ state: State, deck: Deck, name: String, replace: Bool) -> SaveResult {
    guard let slide = deck.slide(for: state) else {
        return .nothingToSave
    }
    let base = slide.scenario
    let edited = deck.isEdited(state)
    let title =
        edited
        ? Localized(
            en: base.title.text(.en) + Language.en(.editorEdited), zh: base.title.text(.zh) + Language.zh(.editorEdited)
        )
        : base.title
    // The scenario's stack for the receptive-field view goes with it; a topic that cannot show the layer drawn (a
    // convolution made its transposed partner) gives way to the layer's own (`Scenario.build`).
    let scenario = Scenario.build(
        base.layer, paddingMode: base.paddingMode, title: title, notes: edited ? nil : base.notes, topic: base.topic,
        receptiveField: base.receptiveField, compareField: base.compareField, name: name)
    do {
        try scenario.save(to: FileName(name), force: replace)
        return .saved(name)
    } catch {
        if error.problem == .file(.alreadyExists) { return .exists(name) }
        return .failed(error)
    }
}

/// The file name of a save: `.json` added when missing.
func saveFileName(_ typed: String) -> String { typed.hasSuffix(".json") ? typed : typed + ".json" }

/// The keys of the save dialog: typing edits the name, Enter saves (a second Enter replaces an existing file),
/// Esc cancels.
private func reduceSaving(_ state: State, _ action: Action, dialog: SaveDialog) -> State {
    var s = state
    var d = dialog
    switch action {
    case .textTyped(let c) where d.name.count < 200 && !c.isNewline:
        d.name.append(c)
        d.replace = false
    case .textErased:
        if !d.name.isEmpty { d.name.removeLast() }
        d.replace = false
    case .textCancelled:
        s.edit?.saving = nil
        s.edit?.saveMessage = nil
        return s
    case .saveFinished(let result):
        s.edit?.saveMessage = result
        if case .exists = result { d.replace = true }
        if case .saved = result {
            s.edit?.saving = nil
            return s
        }
    default: break
    }
    if action != .textConfirmed, !isSaveFinished(action) { s.edit?.saveMessage = nil }
    s.edit?.saving = d
    return s
}

private func isSaveFinished(_ a: Action) -> Bool {
    if case .saveFinished = a { return true }
    return false
}

/// The effects of the panel: Enter in the save dialog writes the file (the loop does it, and sends
/// `.saveFinished`).
func editorEffects(from state: State, action: Action) -> [Effect] {
    guard action == .textConfirmed, state.screen == .editor, let d = state.edit?.saving, !d.name.isEmpty else {
        return []
    }
    return [.save(name: saveFileName(d.name), replace: d.replace)]
}

/// The keys of the open panel; the help, the language, the narration pages and quitting work as in the player.
func reduceEditor(_ state: State, _ action: Action, deck: Deck) -> State {
    var s = state
    guard var edit = s.edit else {
        s.screen = .player
        return s
    }
    if let dialog = edit.saving { return reduceSaving(s, action, dialog: dialog) }
    if let solving = edit.solving { return reduceSolving(s, action, solving: solving, deck: deck) }
    if !isSaveFinished(action) { edit.saveMessage = nil }
    s.edit = edit
    switch action {
    case .savePressed:
        edit.saving = SaveDialog()
        s.edit = edit
    case .solvePressed:
        // Start from the size drawn: the list then holds the setting shown, among the others that give it.
        let wanted = (try? edit.shown.check().outputSize) ?? edit.shown.inputSize
        edit.parameters = edit.shown
        edit.solving = Solving(wanted: wanted)
        s.edit = edit
    case .editPressed: s.screen = .player
    case .editorRowMoved(let d):
        let rows = Edit.Row.allCases
        edit.row = rows[max(0, min(rows.count - 1, edit.row.rawValue + d))]
        s.edit = edit
    case .editorAxisPressed:
        edit.axis = edit.axis.next
        s.edit = edit
    case .editorValueChanged(let d): s = applying(edit.moved(d), to: s, deck: deck)
    case .pairPressed:
        if let slide = deck.slide(state.scenario) { s = pairing(s, slide: slide, deck: deck) }
    case .editorCodePressed:
        edit.showsCode.toggle()
        s.edit = edit
    case .saveFinished(let result):
        edit.saveMessage = result
        s.edit = edit
    case .helpPressed: s.help = true
    case .languagePressed: s.language = s.language.other
    case .notesPageDownPressed: s.notesPage = min(99, s.notesPage + 1)
    case .notesPageUpPressed: s.notesPage = max(0, s.notesPage - 1)
    default: break
    }
    return s
}

/// The paired layer of the setup drawn (`t`), tried as if set in the panel (which need not be open).
func pairing(_ state: State, slide: Slide, deck: Deck) -> State {
    var s = state
    if s.edit == nil { s.edit = Edit(Parameters(slide.scenario)) }
    guard let paired = s.edit?.shown.paired() else { return s }
    return applying(paired, to: s, deck: deck)
}

/// The state with the panel's parameters set to `p`. A legal change redraws at once, on the same output cell
/// when it still exists (else the nearest step), in the same view when it still applies; an illegal one is kept
/// in the panel with the last legal frame drawn.
private func applying(_ p: Parameters, to state: State, deck: Deck) -> State {
    var s = state
    s.edit?.parameters = p
    guard s.edit?.problem == nil, let old = deck.slide(for: state) else { return s }
    s.edit?.shown = p
    guard let new = deck.slide(for: s) else { return s }
    s.notesPage = 0
    if let left = s.edit?.leftView, left.view != s.view, new.views.contains(left.view) {
        // Back in a layer that has the view left before: there again, as the student left it (the same step, or
        // after an edit in between, the same output cell).
        s.edit?.leftView = nil
        s.view = left.view
        s.tapMode = left.tapMode
        let lens = Lenses.lens(left.view)
        let after = lens.timeline(new, tapMode: left.tapMode)
        s.step =
            left.parameters == p ? min(left.step, after.count - 1) : place(left.anchor, left.step, lens, new, after)
        return s
    }
    let lens = Lenses.lens(s.view)
    let before = lens.timeline(old, tapMode: s.tapMode)
    guard new.views.contains(s.view) else {
        let cell = s.edit?.anchor ?? anchor(lens, step: s.step, slide: old, timeline: before)
        s.edit?.leftView = Edit.LeftView(
            view: state.view, step: state.step, tapMode: state.tapMode, parameters: state.edit?.shown ?? p,
            anchor: cell)
        s.view = new.views[0]
        s.tapMode = false
        s.step = 0
        return s
    }
    if s.edit?.anchor == nil { s.edit?.anchor = anchor(lens, step: s.step, slide: old, timeline: before) }
    s.step = place(s.edit?.anchor, s.step, lens, new, lens.timeline(new, tapMode: s.tapMode))
    return s
}

/// The step of `lens` on `slide` back at the anchor's cell, as many steps before its end as the student was; else
/// the nearest step to `step`.
private func place(_ anchor: Edit.Anchor?, _ step: Int, _ lens: any Lens, _ slide: Slide, _ timeline: Timeline) -> Int {
    if let a = anchor,
        let end = lens.step(
            forOutput: a.cell.filter, row: a.cell.row, col: a.cell.col, slide: slide, timeline: timeline)
    {
        return max(0, min(timeline.count - 1, end - a.offset))
    }
    return min(step, timeline.count - 1)
}

/// The output cell of `step` and how many steps before the end of that cell it is.
func anchor(_ lens: any Lens, step: Int, slide: Slide, timeline: Timeline) -> Edit.Anchor? {
    guard let cell = lens.outputCell(at: step, slide: slide, timeline: timeline),
        let end = lens.step(forOutput: cell.filter, row: cell.row, col: cell.col, slide: slide, timeline: timeline)
    else { return nil }
    return Edit.Anchor(cell: cell, offset: end - step)
}

/// The slide of the last edited parameters, built once per change (the steps of one setup reuse it).
final class EditedSlides: @unchecked Sendable {
    private let lock = Lock()
    private var last: (index: Int, parameters: Parameters, slide: Slide)?

    func slide(_ base: Slide, index: Int, parameters: Parameters) -> Slide {
        lock.lock()
        defer { lock.unlock() }
        if let last, last.index == index, last.parameters == parameters { return last.slide }
        // The unchanged parameters show the scenario itself, with its notes and stacks.
        guard !parameters.makesSameLayer(as: Parameters(base.scenario)),
            let scenario = try? parameters.scenario(from: base.scenario)
        else { return base }
        let slide = Slide(scenario, name: base.name)
        last = (index, parameters, slide)
        return slide
    }
}

extension Deck {
    /// True when the player shows another layer than the scenario's own: the panel's last legal parameters make a
    /// different layer (not merely the same one asked for differently, as `same` or its numbers).
    public func isEdited(_ state: State) -> Bool {
        guard let edit = state.edit, let base = slide(state.scenario) else { return false }
        return !edit.shown.makesSameLayer(as: Parameters(base.scenario))
    }

    /// The slide the player shows for `state`: the scenario, or with the panel's last legal parameters.
    public func slide(for state: State) -> Slide? {
        guard let base = slide(state.scenario) else { return nil }
        guard let edit = state.edit else { return base }
        return edited.slide(base, index: state.scenario, parameters: edit.shown)
    }
}
