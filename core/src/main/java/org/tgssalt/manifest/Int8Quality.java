package org.tgssalt.manifest;

/**
 * The quality gate of the int8 graphs as measured at export: the int8 ensemble against the float32
 * ensemble (separate fold graphs, the manifest's TTA) on images held out from calibration, and, when
 * the checkpoints carried out-of-fold probabilities, the out-of-fold Kaggle mAP of both.
 *
 * @param heldOutImages images compared (none of them used for calibration)
 * @param maxAbsDifference largest |p_int8 - p_fp32| over every pixel
 * @param meanAbsDifference mean |p_int8 - p_fp32|
 * @param maskFlipShare share of pixels on opposite sides of {@code threshold} in the two
 * @param threshold the mask threshold used for the flips and the mAP
 * @param oofImages out-of-fold images scored, or null when the checkpoints had none
 * @param oofMapFp32 out-of-fold mAP of the float32 fold graphs (each on its own fold's images), or null
 * @param oofMapInt8 the same of the int8 fold graphs, or null
 * @param tolerance the largest mAP loss the export accepted
 */
public record Int8Quality(int heldOutImages, double maxAbsDifference, double meanAbsDifference,
        double maskFlipShare, double threshold, Integer oofImages, Double oofMapFp32, Double oofMapInt8,
        double tolerance) {
    public Int8Quality {
        if (heldOutImages < 1) {
            throw new IllegalArgumentException("the int8 quality gate needs held-out images, got " + heldOutImages);
        }
        if ((oofImages == null) != (oofMapFp32 == null) || (oofImages == null) != (oofMapInt8 == null)) {
            throw new IllegalArgumentException("out-of-fold images and both out-of-fold mAPs come together");
        }
    }

    /** The out-of-fold mAP lost by int8 (positive: int8 is worse), or null when not measured. */
    public Double oofMapLoss() {
        return oofMapFp32 == null ? null : oofMapFp32 - oofMapInt8;
    }
}
